"""The whole journey of an online application in Chromium, by clicking and typing as people would.

An establishment on a phone signs up, checks that it qualifies, waits for staff to verify its
account, then drafts, completes and submits an application with its business registration and
downloads its receipt. Staff on a desktop take the application, ask for a correction; the
establishment corrects and resubmits it; staff appraise it, approve it and turn it into a project
of the approved 2026 local plan, where it then appears.
"""

import io
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from applications.models import Application
from beneficiaries.models import EstablishmentAccount
from tests.browser_helpers import (
    approved_plan,
    log_in,
    reference_data,
    staff_member,
    staff_nav,
    tax_code,
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
EMAIL = "cosokhom.caoduc@example.vn"
ESTABLISHMENT_PASSWORD = "Khom-Cau-Duc-2026"
ESTABLISHMENT = "Cơ sở chế biến khóm Cầu Đúc"
TITLE = "Máy sấy khóm năng lượng mặt trời"
# A one-page PDF: enough for the upload check, which reads the content and not only the name.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def journey(transactional_db, settings, tmp_path):
    reference_data()
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    staff_member()
    return approved_plan(2026)


@pytest.fixture
def open_page(browser: Browser):
    """Open a page in a browser context of its own (its own cookies: its own user) at a viewport size."""
    contexts = []

    def open_(viewport: dict) -> Page:
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_
    for context in contexts:
        context.close()


def _alert(page: Page, text: str):
    return page.get_by_role("alert").filter(has_text=text)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_establishment_applies_online_and_staff_turn_the_application_into_a_project(
    live_server, open_page, journey, tmp_path
):
    plan = journey
    code = tax_code(11)
    phone = open_page(PHONE)
    desk = open_page(DESKTOP)

    # 1. Sign up from the home page, on a phone.
    phone.goto(f"{live_server.url}/")
    phone.get_by_role("link", name="Đăng ký tài khoản").click()
    expect(phone.get_by_role("heading", level=1, name="Đăng ký tài khoản cơ sở")).to_be_visible()
    phone.get_by_label("Thư điện tử").fill(EMAIL)
    phone.get_by_label(re.compile(r"^\s*Mật khẩu")).fill(ESTABLISHMENT_PASSWORD)
    phone.get_by_label("Nhập lại mật khẩu").fill(ESTABLISHMENT_PASSWORD)
    phone.get_by_label("Mã số thuế").fill(code)
    phone.get_by_label("Tên cơ sở").fill(ESTABLISHMENT)
    phone.get_by_label("Loại hình").select_option(label="Hộ kinh doanh")
    phone.get_by_label("Họ tên người đại diện").fill("Trần Văn Út")
    phone.get_by_label("Xã/phường/đặc khu").select_option(label="Xã Hỏa Lựu")
    phone.get_by_label("Điện thoại").fill("0912 345 678")
    phone.get_by_label("Chế biến nông, lâm, thủy sản và chế biến thực phẩm").check()
    phone.get_by_role("button", name="Đăng ký").click()

    expect(phone.get_by_role("heading", level=1, name="Tài khoản đang chờ xác minh")).to_be_visible()
    expect(phone.get_by_text(EMAIL)).to_be_visible()
    assert EstablishmentAccount.objects.get().status == "pending"

    # 2. Check that the establishment qualifies, from the home page.
    phone.get_by_role("link", name="Cổng khuyến công").click()
    phone.get_by_role("link", name="Tôi có được hỗ trợ không?").click()
    expect(
        phone.get_by_role("heading", level=1, name="Cơ sở của tôi có được khuyến công hỗ trợ không?")
    ).to_be_visible()
    phone.get_by_label("Cơ sở của bạn là").select_option(label="Hộ kinh doanh")
    phone.get_by_label("Nơi sản xuất (xã, phường, đặc khu)").select_option(label="Xã Hỏa Lựu")
    phone.get_by_label("Chế biến nông, lâm, thủy sản và chế biến thực phẩm").check()
    phone.get_by_role("button", name="Kiểm tra").click()
    expect(phone.locator("#result")).to_contain_text("Cơ sở của bạn thuộc đối tượng được hỗ trợ")

    # 3. Staff verify the account, on a desktop.
    log_in(desk, live_server)
    staff_nav(desk).get_by_role("link", name="Tài khoản chờ xác minh").click()
    row = desk.get_by_role("article").filter(has_text=ESTABLISHMENT)
    expect(row).to_contain_text(EMAIL)
    # Verifying asks first: what the account will be able to do, and a note for the record.
    row.get_by_text("Xác minh…").click()
    expect(row).to_contain_text("Chỉ xác minh khi đã đối chiếu giấy đăng ký kinh doanh")
    row.get_by_label("Ghi chú xác minh (không bắt buộc)").fill("Đã đối chiếu GCN ĐKKD tại bộ phận một cửa")
    row.get_by_role("button", name="Xác nhận xác minh").click()
    expect(_alert(desk, f"Đã xác minh tài khoản {EMAIL}")).to_be_visible()
    assert EstablishmentAccount.objects.get().status == "verified"
    # The sectors declared at sign-up reach the registry, so the establishment qualifies.
    row.get_by_role("link", name="Mới, do người đăng ký khai").click()
    expect(desk.get_by_role("heading", level=1, name=ESTABLISHMENT)).to_be_visible()
    expect(desk.get_by_text("Chế biến nông, lâm, thủy sản và chế biến thực phẩm").first).to_be_visible()

    # 4. The establishment drafts, completes and submits its application.
    # The news arrives as a notice: the phone's folded menu, "Thông báo", then the notice itself.
    phone.reload()
    notices = phone.get_by_role("link", name="Thông báo")
    # The bell counts the unread notice once its badge has loaded (htmx swaps it into the link: a tap
    # during the swap would land on the old badge and go nowhere).
    phone.get_by_role("button", name="Mở danh mục").click()
    expect(notices).to_contain_text("1 thông báo chưa đọc")
    notices.click()
    expect(phone.get_by_role("heading", level=1, name="Thông báo")).to_be_visible()
    phone.get_by_role("link", name=re.compile("Tài khoản của bạn đã được xác minh")).click()
    expect(phone.get_by_role("heading", level=1, name="Hồ sơ của tôi")).to_be_visible()
    phone.get_by_role("button", name="Tạo hồ sơ mới").click()
    expect(phone.get_by_role("heading", level=1, name="Hồ sơ đề nghị hỗ trợ")).to_be_visible()
    phone.get_by_label("Tên đề nghị hỗ trợ").fill(TITLE)
    phone.get_by_role("button", name="Lưu nháp").click()
    expect(_alert(phone, "Đã lưu nháp.")).to_be_visible()
    assert Application.objects.get().title == TITLE

    phone.get_by_label("Nội dung đề nghị hỗ trợ").select_option(
        label="KC03b – Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ"
    )
    phone.get_by_label("Nhu cầu, mục đích").fill("Thay lò sấy củi bằng máy sấy năng lượng mặt trời 500 kg/mẻ.")
    phone.get_by_label("Kết quả mong đợi").fill("Giảm 30% chi phí sấy, sản phẩm đạt chuẩn OCOP.")
    phone.get_by_label("Tổng chi phí (đồng)").fill("451.000.000")
    phone.get_by_label("Kinh phí đề nghị hỗ trợ (đồng)").fill("200.000.000")
    phone.get_by_label("Vốn đối ứng cam kết (đồng)").fill("251.000.000")
    phone.get_by_label("Dự kiến bắt đầu").fill("01/03/2026")
    phone.get_by_label("Dự kiến hoàn thành").fill("31/10/2026")
    phone.get_by_role("button", name="Lưu nháp").click()
    expect(_alert(phone, "Đã lưu nháp.")).to_be_visible()

    pdf = tmp_path / "giay-dkkd.pdf"
    pdf.write_bytes(PDF)
    phone.get_by_label("Loại tài liệu").select_option(label="Giấy đăng ký kinh doanh")
    phone.get_by_label("Tệp").set_input_files(pdf)
    phone.get_by_role("button", name="Tải tệp lên").click()
    expect(phone.get_by_role("link", name="giay-dkkd.pdf")).to_be_visible()
    expect(phone.get_by_label("Nhu cầu, mục đích")).to_have_value(re.compile("500 kg/mẻ"))

    phone.get_by_role("button", name="Nộp hồ sơ").click()
    expect(_alert(phone, "Đã nộp hồ sơ. Số tiếp nhận: TN-2026-")).to_be_visible()
    expect(phone.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    receipt_number = Application.objects.get().receipt_number
    assert re.fullmatch(r"TN-2026-\d+", receipt_number)
    expect(phone.get_by_text(receipt_number).first).to_be_visible()
    # The receipt is served inline (Chromium opens it in its viewer rather than downloading it):
    # fetch the link's target with the page's session, as saving it from the viewer would.
    receipt_link = phone.get_by_role("link", name="Giấy tiếp nhận (PDF)")
    response = phone.context.request.get(live_server.url + receipt_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    receipt = PdfReader(io.BytesIO(response.body()))
    assert receipt_number in "".join(p.extract_text() for p in receipt.pages)

    # 5. Staff take the application and ask for a correction.
    staff_nav(desk).get_by_role("link", name="Hồ sơ đề nghị").click()
    desk.get_by_role("row").filter(has_text=TITLE).get_by_role("link", name=receipt_number).click()
    expect(desk.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    desk.get_by_role("button", name="Nhận xử lý hồ sơ").click()
    expect(_alert(desk, "Bạn đã nhận xử lý hồ sơ")).to_be_visible()
    desk.get_by_label("Nội dung cần bổ sung, sửa đổi (cơ sở sẽ đọc)").fill(
        "Ghi rõ công suất máy sấy theo báo giá (kg/mẻ và số mẻ/ngày)."
    )
    desk.get_by_role("button", name="Gửi yêu cầu cho cơ sở").click()
    expect(_alert(desk, "Đã gửi yêu cầu bổ sung, sửa đổi cho cơ sở.")).to_be_visible()
    expect(desk.locator("main header")).to_contain_text("Cần bổ sung, sửa đổi")

    # 6. The establishment reads the request, corrects and resubmits.
    phone.reload()
    banner = _alert(phone, "Cán bộ đề nghị bổ sung, sửa đổi hồ sơ:")
    expect(banner).to_contain_text("kg/mẻ và số mẻ/ngày")
    banner.get_by_role("link", name="Sửa hồ sơ và nộp lại").click()
    phone.get_by_label("Nhu cầu, mục đích").fill(
        "Thay lò sấy củi bằng máy sấy năng lượng mặt trời 500 kg/mẻ, 2 mẻ/ngày theo báo giá."
    )
    phone.get_by_role("button", name="Nộp lại hồ sơ").click()
    expect(_alert(phone, f"Đã nộp hồ sơ. Số tiếp nhận: {receipt_number}.")).to_be_visible()
    expect(phone.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(phone.get_by_text(f"Số tiếp nhận {receipt_number}")).to_be_visible()
    expect(phone.get_by_text("Đã nộp", exact=True)).to_be_visible()
    expect(_alert(phone, "Cán bộ đề nghị bổ sung")).to_have_count(0)
    application = Application.objects.get()
    assert (application.status, application.receipt_number) == ("submitted", receipt_number)

    # 7. Staff appraise, approve and convert it into a project of the approved 2026 local plan.
    desk.reload()
    expect(desk.get_by_text("2 mẻ/ngày")).to_be_visible()
    expect(desk.locator("main header")).to_contain_text("Đã nộp")
    # Resubmitted, it is back in the queue: someone takes it again.
    desk.get_by_role("button", name="Nhận xử lý hồ sơ").click()
    expect(_alert(desk, "Bạn đã nhận xử lý hồ sơ")).to_be_visible()
    desk.get_by_text("Thêm phiếu thẩm định").click()
    points = (("principles", 9), ("need_effect", 8), ("cost", 8), ("capacity", 7), ("links", 6), ("completeness", 9))
    for point, score in points:
        desk.locator(f"#id_appraisal-{point}_score").fill(str(score))
        desk.locator(f"#id_appraisal-{point}_comment").fill("Đạt yêu cầu.")
    desk.locator("#id_appraisal-conclusion").fill("Đề nghị hỗ trợ 200.000.000 đồng.")
    desk.get_by_role("button", name="Lưu phiếu thẩm định").click()
    expect(_alert(desk, "Đã lưu phiếu thẩm định.")).to_be_visible()
    expect(desk.locator("#appraisals")).to_contain_text("Tổng điểm 47/60")

    desk.get_by_label("Chấp thuận", exact=True).check()
    desk.get_by_role("button", name="Ghi quyết định").click()
    expect(_alert(desk, "Đã chấp thuận hồ sơ")).to_be_visible()
    expect(desk.locator("main header")).to_contain_text("Được chấp thuận")

    desk.get_by_label("Kế hoạch khuyến công năm").select_option(label="2026 – Địa phương (Đã phê duyệt)")
    desk.get_by_label("Đơn vị thực hiện").fill("Trung tâm Khuyến công tỉnh")
    desk.get_by_role("button", name="Tạo đề án").click()
    expect(_alert(desk, "đã thành đề án KCĐP-2026-")).to_be_visible()
    application.refresh_from_db()
    project = application.project
    assert project is not None and project.plan == plan

    staff_nav(desk).get_by_role("link", name="Kế hoạch").click()
    desk.get_by_role("link", name="2026 – Địa phương").click()
    expect(desk.get_by_role("link", name=project.code)).to_be_visible()
    expect(desk.get_by_text(TITLE).first).to_be_visible()
