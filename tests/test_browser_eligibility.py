"""Staff add a beneficiary outside the content's beneficiaries: refused, then saved with an exception reason."""

import pytest
from playwright.sync_api import expect

from programs.models import Project
from tests.browser_helpers import approved_plan, establishment, log_in, open_section, reference_data, staff_member


@pytest.fixture
def staff(transactional_db):
    reference_data()
    return staff_member()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_add_an_ineligible_beneficiary_only_with_a_reason(live_server, page, staff):
    approved_plan(2026)
    # Phường Ngã Bảy, outside any craft village: not a beneficiary of machinery support.
    ward = establishment("Công ty TNHH Lương thực Hiệp Thuận", 1, commune_code="31340", legal_form="sme")

    log_in(page, live_server)
    open_section(page, "Đề án")
    page.get_by_role("link", name="Thêm đề án").click()
    page.get_by_label("Mã đề án").fill("kcđp-2026-021")
    page.get_by_label("Tên đề án").fill("Hỗ trợ máy xay xát gạo")
    page.get_by_label("Nội dung và mức hỗ trợ").select_option(
        label="KC03b · Máy móc thiết bị tiên tiến, chuyển giao công nghệ"
    )
    project_info = page.locator("section").filter(has=page.get_by_role("heading", name="Thông tin đề án"))
    project_info.get_by_label("Kế hoạch").select_option(label="2026 – Địa phương (Đã phê duyệt)")
    page.get_by_label("Đơn vị thực hiện").fill("Trung tâm Khuyến công thành phố")
    page.get_by_label("Ngày bắt đầu").fill("01/03/2026")
    page.get_by_label("Ngày kết thúc").fill("31/10/2026")
    page.get_by_label("Cơ sở thụ hưởng").fill(f"{ward.tax_code} – Công ty TNHH Lương thực Hiệp Thuận")
    budget = page.locator("#budget .formset-row")
    budget.filter(has_text="Kinh phí khuyến công địa phương").get_by_label("Dự kiến (đồng)").fill("200.000.000")
    budget.filter(has_text="Vốn đối ứng").get_by_label("Dự kiến (đồng)").fill("400.000.000")
    page.get_by_role("button", name="Lưu đề án").click()

    expect(page.locator("#form-errors")).to_be_visible()
    row = page.locator("#beneficiaries .formset-row").first
    expect(row).to_contain_text("Công ty TNHH Lương thực Hiệp Thuận không thuộc đối tượng được hỗ trợ nội dung này")
    expect(row).to_contain_text("làng nghề")
    assert not Project.objects.exists()

    row.get_by_label("Lý do ngoại lệ về đối tượng").fill("Theo chỉ đạo của UBND thành phố")
    page.get_by_role("button", name="Lưu đề án").click()

    expect(page.get_by_role("heading", level=1, name="Hỗ trợ máy xay xát gạo")).to_be_visible()
    expect(page.locator("#beneficiaries")).to_contain_text("Ngoại lệ về đối tượng: Theo chỉ đạo của UBND thành phố")
    assert Project.objects.get().shares.get().eligibility_exception_reason == "Theo chỉ đạo của UBND thành phố"
