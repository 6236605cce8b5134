"""Staff journeys through the workspace in Chromium, by clicking and typing as a person would.

Each test makes its data with the ORM, signs in on the login page, opens /staff/ and from
there only follows links and buttons ("Cơ sở CNNT", "Đề án", "Kế hoạch", …).
"""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from beneficiaries.models import Establishment
from beneficiaries.validators import format_tax_code
from programs.models import PlanLevel, Project, ProjectStatus
from tests.browser_helpers import (
    M,
    approved_plan,
    establishment,
    funded_project,
    log_in,
    open_filters,
    open_section,
    reference_data,
    staff_member,
)


@pytest.fixture
def staff(transactional_db):
    reference_data()
    return staff_member()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_find_an_establishment_by_typing_its_name_without_diacritics(live_server, page, staff):
    wanted = establishment("Cơ sở chế biến khóm Cầu Đúc", 1, representative="Trần Văn Út")
    establishment("Hợp tác xã đan lục bình Phụng Hiệp", 2, commune_code="31393")
    establishment("Cơ sở bánh pía Cầu Đúc", 3)

    log_in(page, live_server)
    open_section(page, "Cơ sở CNNT")
    expect(page.get_by_role("heading", name="Cơ sở công nghiệp nông thôn")).to_be_visible()
    expect(page.locator("#result-count")).to_contain_text("3 cơ sở phù hợp")

    open_filters(page)
    search = page.get_by_label("Tìm theo tên, mã số thuế, người đại diện")
    search.fill("KHOM cau duc")
    search.press("Enter")

    expect(page.locator("#result-count")).to_contain_text("1 cơ sở phù hợp")
    results = page.locator("table.establishment-table tbody tr")
    expect(results).to_have_count(1)
    page.get_by_role("link", name="Cơ sở chế biến khóm Cầu Đúc").click()

    expect(page.get_by_role("heading", level=1, name="Cơ sở chế biến khóm Cầu Đúc")).to_be_visible()
    expect(page.get_by_text(format_tax_code(wanted.tax_code)).first).to_be_visible()
    expect(page.get_by_text("Trần Văn Út").first).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_create_an_establishment_fixing_a_wrong_tax_code(live_server, page, staff):
    log_in(page, live_server)
    open_section(page, "Cơ sở CNNT")
    page.get_by_role("link", name="Thêm cơ sở").click()
    expect(page.get_by_role("heading", name="Thêm cơ sở công nghiệp nông thôn")).to_be_visible()

    page.get_by_label("Tên cơ sở").fill("Cơ sở mộc mỹ nghệ Ba Tùng")
    page.get_by_label("Loại hình").select_option(label="Hộ kinh doanh")
    page.get_by_label("Mã số thuế").fill("0100233480")
    page.get_by_label("Người đại diện").fill("Lê Văn Tùng")
    page.get_by_label("Điện thoại").fill("0912 345 678")
    page.get_by_label("Xã/phường/đặc khu").select_option(label="Xã Hỏa Lựu")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("alert").filter(has_text="Chưa lưu được")).to_be_visible()
    tax_code = page.get_by_label("Mã số thuế")
    expect(tax_code).to_have_class(re.compile(r"\bis-invalid\b"))
    # The message sits under the field and is what a screen reader announces with it.
    expect(page.locator("#id_tax_code_error")).to_contain_text("Mã số thuế 0100233480 sai chữ số kiểm tra")
    expect(tax_code).to_have_accessible_description(re.compile("sai chữ số kiểm tra"))
    # What was typed is kept.
    expect(page.get_by_label("Tên cơ sở")).to_have_value("Cơ sở mộc mỹ nghệ Ba Tùng")
    assert not Establishment.objects.exists()

    tax_code.fill("0100233488")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", level=1, name="Cơ sở mộc mỹ nghệ Ba Tùng")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Đã thêm cơ sở “Cơ sở mộc mỹ nghệ Ba Tùng”.")).to_be_visible()
    expect(page.get_by_text("0100233488").first).to_be_visible()
    assert Establishment.objects.filter(tax_code="0100233488").count() == 1
    assert Establishment.objects.count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_create_a_project_over_the_ceiling_then_correct_it(live_server, page, staff):
    plan = approved_plan(2026)
    approved_plan(2026, PlanLevel.NATIONAL)
    beneficiary = establishment("Cơ sở chế biến khóm Cầu Đúc", 1)

    log_in(page, live_server)
    open_section(page, "Đề án")
    page.get_by_role("link", name="Thêm đề án").click()
    expect(page.get_by_role("heading", level=1, name="Thêm đề án")).to_be_visible()
    ceiling_box = page.locator("#ceiling-check")

    page.get_by_label("Mã đề án").fill("kcđp-2026-015")
    page.get_by_label("Tên đề án").fill("Hỗ trợ máy sấy khóm năng lượng mặt trời")
    page.get_by_label("Nội dung và mức hỗ trợ").select_option(
        label="KC03b · Máy móc thiết bị tiên tiến, chuyển giao công nghệ"
    )
    # "Kế hoạch" also labels the outcomes' planned figure, further down.
    project_info = page.locator("section").filter(has=page.get_by_role("heading", name="Thông tin đề án"))
    project_info.get_by_label("Kế hoạch").select_option(label="2026 – Địa phương (Đã phê duyệt)")
    page.get_by_label("Đơn vị thực hiện").fill("Trung tâm Khuyến công tỉnh")
    page.get_by_label("Ngày bắt đầu").fill("01/03/2026")
    page.get_by_label("Ngày kết thúc").fill("31/10/2026")

    # The beneficiary box suggests establishments as one types (htmx fills its <datalist>).
    box = page.get_by_label("Cơ sở thụ hưởng")
    box.press_sequentially("khom cau duc", delay=30)
    suggestion = page.locator(f"#{box.get_attribute('list')} option")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_have_attribute("value", f"{beneficiary.tax_code} – Cơ sở chế biến khóm Cầu Đúc")
    # Headless Chromium draws no <datalist> popup to click: put the suggestion in the box as picking it does.
    box.fill(suggestion.get_attribute("value"))

    budget = page.locator("#budget .formset-row")
    local_funds = budget.filter(has_text="Kinh phí khuyến công địa phương").get_by_label("Dự kiến (đồng)")
    counterpart = budget.filter(has_text="Vốn đối ứng").get_by_label("Dự kiến (đồng)")
    local_funds.press_sequentially("400.000.000", delay=20)
    counterpart.press_sequentially("300.000.000", delay=20)

    # The ceiling box follows the typing: 50% of 700.000.000, at most 300.000.000 per establishment.
    expect(ceiling_box).to_contain_text("Mức hỗ trợ tối đa: 300.000.000 ₫")
    expect(ceiling_box).to_contain_text("TT 28/2018/TT-BTC")
    expect(ceiling_box.get_by_role("alert")).to_contain_text("400.000.000 ₫ vượt mức hỗ trợ tối đa 300.000.000 ₫")

    page.get_by_role("button", name="Lưu đề án").click()

    expect(page.locator("#form-errors")).to_be_visible()
    refusal = page.locator(".alert-danger").filter(has_text="của nội dung KC03b")
    expect(refusal).to_contain_text("vượt mức hỗ trợ tối đa 300.000.000 ₫")
    expect(refusal).to_contain_text("TT 28/2018/TT-BTC, Điều 8 khoản 4")
    assert not Project.objects.exists()
    # Everything typed is still there.
    expect(page.get_by_label("Mã đề án")).to_have_value("kcđp-2026-015")
    expect(page.get_by_label("Nội dung và mức hỗ trợ")).to_have_value("KC03b:standard")
    expect(local_funds).to_have_value("400.000.000")
    expect(page.get_by_label("Cơ sở thụ hưởng")).to_have_value(re.compile("Cơ sở chế biến khóm Cầu Đúc"))

    local_funds.fill("")
    local_funds.press_sequentially("300.000.000", delay=20)
    expect(ceiling_box).to_contain_text("nằm trong mức tối đa")
    page.get_by_role("button", name="Lưu đề án").click()

    expect(page.get_by_role("heading", level=1, name="Hỗ trợ máy sấy khóm năng lượng mặt trời")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Đã tạo đề án KCĐP-2026-015.")).to_be_visible()
    project = Project.objects.get()
    assert (project.code, project.plan, project.content.code) == ("KCĐP-2026-015", plan, "KC03b")
    assert {line.source.code: int(line.planned) for line in project.budget_lines.all()} == {
        "KCDP": 300 * M,
        "DOIUNG": 300 * M,
    }
    assert list(project.beneficiaries.all()) == [beneficiary]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_record_an_advance_and_are_refused_one_above_70_percent(live_server, page, staff):
    plan = approved_plan(2026)
    beneficiary = establishment("Cơ sở chế biến khóm Cầu Đúc", 1)
    project = funded_project("KCĐP-2026-003", plan=plan, beneficiary=beneficiary, state=300 * M, counterpart=300 * M)

    log_in(page, live_server)
    open_section(page, "Đề án")
    page.get_by_role("link", name="KCĐP-2026-003").click()
    expect(page.get_by_role("heading", level=1, name="Hỗ trợ máy sấy thủy sản năng lượng mặt trời")).to_be_visible()

    payments = page.locator("#disbursements")
    form = page.locator("#disbursement-form")
    form.get_by_label("Nguồn").select_option(label="Kinh phí khuyến công địa phương")
    form.get_by_label("Loại").select_option(label="Tạm ứng")
    form.get_by_label("Ngày chi").fill("15/03/2026")
    form.get_by_label("Số tiền (đồng)").fill("200.000.000")
    form.get_by_label("Số chứng từ").fill("UNC 0315/2026")
    form.get_by_role("button", name="Ghi khoản chi").click()

    expect(page.get_by_role("alert").filter(has_text="Đã ghi khoản chi 200.000.000 ₫.")).to_be_visible()
    row = payments.get_by_role("row").filter(has_text="UNC 0315/2026")
    expect(row).to_contain_text("15/03/2026")
    expect(row).to_contain_text("Tạm ứng")
    expect(row).to_contain_text("Kinh phí khuyến công địa phương")
    expect(row).to_contain_text("200.000.000 ₫")
    local_line = page.locator("#budget").get_by_role("row").filter(has_text="Kinh phí khuyến công địa phương")
    expect(local_line).to_contain_text("100.000.000 ₫")  # what remains of the 300.000.000 approved

    # 70% of 300.000.000 is 210.000.000: another 50.000.000 in advance would make 250.000.000.
    form.get_by_label("Nguồn").select_option(label="Kinh phí khuyến công địa phương")
    form.get_by_label("Loại").select_option(label="Tạm ứng")
    form.get_by_label("Ngày chi").fill("20/04/2026")
    form.get_by_label("Số tiền (đồng)").fill("50.000.000")
    form.get_by_label("Số chứng từ").fill("UNC 0420/2026")
    form.get_by_role("button", name="Ghi khoản chi").click()

    refusal = form.locator(".alert-danger")
    expect(refusal).to_contain_text(
        "Tổng tạm ứng 250.000.000 ₫ vượt 70% kinh phí được duyệt của nguồn Kinh phí khuyến công địa phương"
        " (tối đa 210.000.000 ₫)."
    )
    # The values typed are kept, so the amount can be corrected rather than typed again.
    expect(form.get_by_label("Số tiền (đồng)")).to_have_value("50.000.000")
    expect(form.get_by_label("Số chứng từ")).to_have_value("UNC 0420/2026")
    expect(form.get_by_label("Ngày chi")).to_have_value("20/04/2026")
    expect(form.get_by_label("Loại")).to_have_value("advance")
    expect(payments.get_by_role("row").filter(has_text="UNC 0420/2026")).to_have_count(0)
    assert [int(d.amount) for d in project.disbursements.all()] == [200 * M]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_move_a_project_from_proposed_to_accepted_with_the_status_buttons(live_server, page, staff):
    plan = approved_plan(2026)
    beneficiary = establishment("Cơ sở chế biến khóm Cầu Đúc", 1)
    funded_project(
        "KCĐP-2026-007",
        plan=plan,
        beneficiary=beneficiary,
        status=ProjectStatus.PROPOSED,
        title="Hỗ trợ dây chuyền đóng hộp khóm",
        state=250 * M,
        counterpart=350 * M,
    )
    page.on("dialog", lambda dialog: dialog.accept())  # should a step ask for confirmation

    log_in(page, live_server)
    # This time through the plan: "Kế hoạch", the 2026 local plan, then its project.
    open_section(page, "Kế hoạch")
    page.get_by_role("link", name="2026 – Địa phương").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026")
    page.get_by_role("link", name="KCĐP-2026-007").click()
    header = page.locator("main header")
    steps = page.locator("#transitions")
    expect(header).to_contain_text("Đề xuất")

    steps.get_by_label("Ghi chú (số quyết định, biên bản…)").fill("Biên bản thẩm định số 05/BB-KC")
    steps.get_by_role("button", name="Đã thẩm định").click()
    expect(
        page.get_by_role("alert").filter(has_text="Đã chuyển đề án KCĐP-2026-007 sang “Đã thẩm định”.")
    ).to_be_visible()
    expect(steps).to_contain_text("Trước khi phê duyệt, hãy nhập kinh phí được duyệt ở trang sửa đề án.")

    # The approved amounts come out of the appraisal: typed on the edit page once appraised.
    page.get_by_role("link", name="Sửa đề án").click()
    budget = page.locator("#budget .formset-row")
    budget.filter(has_text="Kinh phí khuyến công địa phương").get_by_label("Được duyệt (đồng)").fill("240.000.000")
    budget.filter(has_text="Vốn đối ứng").get_by_label("Được duyệt (đồng)").fill("350.000.000")
    page.get_by_role("button", name="Lưu đề án").click()
    expect(page.get_by_role("alert").filter(has_text="Đã lưu đề án KCĐP-2026-007.")).to_be_visible()

    for button, status in (
        ("Phê duyệt", "Đã phê duyệt"),
        ("Bắt đầu thực hiện", "Đang thực hiện"),
        ("Nghiệm thu", "Đã nghiệm thu"),
    ):
        if button == "Nghiệm thu":
            steps.get_by_label("Ghi chú (số quyết định, biên bản…)").fill("Biên bản nghiệm thu số 12/BB-KC")
        steps.get_by_role("button", name=button, exact=True).click()
        expect(page.get_by_role("alert").filter(has_text=f"sang “{status}”")).to_be_visible()
        expect(header).to_contain_text(status)

    expect(header.locator(".badge")).to_have_text("Đã nghiệm thu")
    timeline = page.locator("#status-changes li")
    expect(timeline).to_have_count(4)
    expect(timeline.nth(0)).to_contain_text("Đề xuất → Đã thẩm định")
    expect(timeline.nth(0)).to_contain_text("Biên bản thẩm định số 05/BB-KC")
    expect(timeline.nth(3)).to_contain_text("Đang thực hiện → Đã nghiệm thu")
    expect(timeline.nth(3)).to_contain_text("Trần Thị Lan")
    expect(timeline.nth(3)).to_contain_text("Biên bản nghiệm thu số 12/BB-KC")
    # Accepted: no way back to an earlier step, only settlement.
    expect(steps.get_by_role("button", name="Bắt đầu thực hiện")).to_have_count(0)
    expect(steps.get_by_role("button", name="Quyết toán")).to_be_visible()
    assert Project.objects.get().status == ProjectStatus.ACCEPTED


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_export_the_filtered_project_list_and_open_the_file(live_server, page, staff, tmp_path):
    plan = approved_plan(2026)
    old_plan = approved_plan(2025)
    owners = [establishment(f"Cơ sở cơ khí Tân Phước {n}", n) for n in range(1, 5)]
    # code -> (planned in total, state approved, disbursed), for the two in progress with KC03b.
    wanted = {"KCĐP-2026-001": (420 * M, 120 * M, 0), "KCĐP-2025-009": (390 * M, 90 * M, 0)}
    funded_project("KCĐP-2026-001", plan=plan, beneficiary=owners[0], status=ProjectStatus.IN_PROGRESS, state=120 * M)
    funded_project(
        "KCĐP-2025-009", plan=old_plan, beneficiary=owners[1], status=ProjectStatus.IN_PROGRESS, state=90 * M
    )
    funded_project("KCĐP-2026-002", plan=plan, beneficiary=owners[2], status=ProjectStatus.APPROVED)  # other status
    funded_project(  # other content
        "KCĐP-2026-004",
        plan=plan,
        beneficiary=owners[3],
        status=ProjectStatus.IN_PROGRESS,
        content="KC04b",
        title="Tham gia hội chợ công nghiệp nông thôn",
        state=30 * M,
        counterpart=0,
    )

    log_in(page, live_server)
    open_section(page, "Đề án")
    open_filters(page)
    page.get_by_label("Trạng thái").select_option(label="Đang thực hiện")
    page.get_by_label("Nội dung").select_option(
        label="KC03b – Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ"
    )
    page.get_by_role("button", name="Lọc", exact=True).click()

    expect(page).to_have_url(re.compile(r"status=in_progress"))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    listed = [text.strip() for text in rows.locator("td:first-child a").all_inner_texts()]
    assert sorted(listed) == sorted(wanted)
    expect(page.locator("#total-planned")).to_have_text("810.000.000 ₫")  # (120 + 300) + (90 + 300) millions

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất Excel").click()
    download = download_info.value
    assert re.fullmatch(r"de-an-\d{8}\.xlsx", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    sheet = load_workbook(path).active
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["Mã đề án", "Tên đề án"]
    money_columns = [header.index(name) for name in ("Tổng kinh phí dự kiến", "Nhà nước duyệt", "Đã giải ngân")]
    data = list(sheet.iter_rows(min_row=2, values_only=True))
    projects, totals = data[:-1], data[-1]
    assert [row[0] for row in projects] == listed  # the same projects, in the order of the page
    for row in projects:
        assert row[header.index("Trạng thái")] == "Đang thực hiện"
        assert row[header.index("Nội dung")] == "KC03b"
        assert tuple(row[i] for i in money_columns) == wanted[row[0]]
        assert all(isinstance(row[i], int) for i in money_columns)
    assert totals[0] == "Tổng cộng"
    assert [totals[i] for i in money_columns] == [810 * M, 210 * M, 0]
    money_cell = sheet.cell(row=2, column=money_columns[0] + 1)
    assert money_cell.data_type == "n"
    assert "₫" in money_cell.number_format


PHONE = {"width": 375, "height": 812}


def assert_fits_the_phone(page) -> None:
    """Nothing makes the page itself scroll sideways; wide tables scroll inside their .table-responsive box."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{page.url} is {width}px wide on a {PHONE['width']}px screen"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_use_the_lists_and_the_project_form_on_a_phone(live_server, page, staff):
    plan = approved_plan(2026)
    beneficiary = establishment(
        "Hợp tác xã chế biến nông sản và thủ công mỹ nghệ Cầu Đúc", 1, address="Ấp Cầu Đúc, xã Hỏa Lựu"
    )
    weaver = establishment("Cơ sở đan lục bình Phụng Hiệp", 2, commune_code="31393")
    funded_project("KCĐP-2026-011", plan=plan, beneficiary=beneficiary, status=ProjectStatus.IN_PROGRESS)
    page.set_viewport_size(PHONE)

    log_in(page, live_server)
    assert_fits_the_phone(page)

    open_section(page, "Cơ sở CNNT")
    expect(page.locator("#result-count")).to_contain_text("2 cơ sở phù hợp")
    assert_fits_the_phone(page)
    # The filter panel is folded on a phone; it opens with a tap and the search works.
    search = page.get_by_label("Tìm theo tên, mã số thuế, người đại diện")
    expect(search).to_be_hidden()
    open_filters(page)
    expect(search).to_be_visible()
    assert_fits_the_phone(page)
    search.fill("cau duc")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(page.locator("#result-count")).to_contain_text("1 cơ sở phù hợp")
    assert_fits_the_phone(page)
    link = page.get_by_role("link", name="Hợp tác xã chế biến nông sản và thủ công mỹ nghệ Cầu Đúc")
    link.scroll_into_view_if_needed()
    expect(link).to_be_in_viewport()

    open_section(page, "Đề án")
    expect(page.get_by_role("link", name="KCĐP-2026-011")).to_be_visible()
    assert_fits_the_phone(page)
    # The eight columns are wider than the phone: they scroll inside their box, not the page.
    table_box = page.locator(".table-responsive").first
    assert table_box.evaluate("box => box.scrollWidth > box.clientWidth")
    open_filters(page)
    page.get_by_label("Tìm kiếm").fill("cau duc")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.get_by_role("link", name="KCĐP-2026-011")).to_be_visible()
    assert_fits_the_phone(page)

    page.get_by_role("link", name="Thêm đề án").click()
    expect(page.get_by_role("heading", level=1, name="Thêm đề án")).to_be_visible()
    assert_fits_the_phone(page)
    page.get_by_label("Mã đề án").fill("KCĐP-2026-012")
    page.get_by_label("Tên đề án").fill("Hỗ trợ máy đóng gói khóm")
    page.get_by_label("Nội dung và mức hỗ trợ").select_option(
        label="KC03b · Máy móc thiết bị tiên tiến, chuyển giao công nghệ"
    )
    project_info = page.locator("section").filter(has=page.get_by_role("heading", name="Thông tin đề án"))
    project_info.get_by_label("Kế hoạch").select_option(label="2026 – Địa phương (Đã phê duyệt)")
    page.get_by_label("Đơn vị thực hiện").fill("Trung tâm Khuyến công tỉnh")
    page.get_by_label("Ngày bắt đầu").fill("01/04/2026")
    page.get_by_label("Ngày kết thúc").fill("30/09/2026")
    page.get_by_label("Cơ sở thụ hưởng").fill(weaver.tax_code)  # a tax code alone names the establishment
    budget = page.locator("#budget .formset-row")
    budget.filter(has_text="Kinh phí khuyến công địa phương").get_by_label("Dự kiến (đồng)").fill("80.000.000")
    budget.filter(has_text="Vốn đối ứng").get_by_label("Dự kiến (đồng)").fill("120.000.000")
    page.get_by_label("Mã đề án").click()  # leave the amount: the ceiling box updates on change
    expect(page.locator("#ceiling-check")).to_contain_text("Mức hỗ trợ tối đa: 100.000.000 ₫")
    assert_fits_the_phone(page)
    save = page.get_by_role("button", name="Lưu đề án")
    expect(save).to_have_count(1)  # the phone's own button at the end of the form; the side one is hidden
    save.click()

    expect(page.get_by_role("alert").filter(has_text="Đã tạo đề án KCĐP-2026-012.")).to_be_visible()
    assert_fits_the_phone(page)
