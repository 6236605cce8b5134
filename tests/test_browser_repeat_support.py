"""Double support in Chromium: staff add an establishment that already has the content this year."""

import pytest
from playwright.sync_api import expect

from programs.models import Project
from tests.browser_helpers import approved_plan, establishment, funded_project, log_in, open_section, reference_data
from tests.browser_helpers import staff_member as make_staff

REASON = "Máy đóng hộp khác loại, cho dây chuyền mới"


@pytest.fixture
def staff(transactional_db):
    reference_data()
    return make_staff()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_add_a_repeat_beneficiary_see_the_earlier_project_and_give_a_reason(live_server, page, staff):
    plan = approved_plan(2026)
    beneficiary = establishment("Cơ sở chế biến khóm Cầu Đúc", 1)
    funded_project("KCĐP-2026-001", plan=plan, beneficiary=beneficiary)  # KC03b from 01/03/2026

    log_in(page, live_server)
    open_section(page, "Đề án")
    page.get_by_role("link", name="Thêm đề án").click()
    page.get_by_label("Mã đề án").fill("KCĐP-2026-002")
    page.get_by_label("Tên đề án").fill("Hỗ trợ máy đóng hộp khóm")
    page.get_by_label("Nội dung và mức hỗ trợ").select_option(
        label="KC03b · Máy móc thiết bị tiên tiến, chuyển giao công nghệ"
    )
    project_info = page.locator("section").filter(has=page.get_by_role("heading", name="Thông tin đề án"))
    project_info.get_by_label("Kế hoạch").select_option(label="2026 – Địa phương (Đã phê duyệt)")
    page.get_by_label("Đơn vị thực hiện").fill("Trung tâm Khuyến công tỉnh")
    # The same start as the earlier project: the case that used to save silently.
    page.get_by_label("Ngày bắt đầu").fill("01/03/2026")
    page.get_by_label("Ngày kết thúc").fill("31/10/2026")
    page.get_by_label("Cơ sở thụ hưởng").fill(beneficiary.tax_code)
    budget = page.locator("#budget .formset-row")
    budget.filter(has_text="Kinh phí khuyến công địa phương").get_by_label("Dự kiến (đồng)").fill("200.000.000")
    budget.filter(has_text="Vốn đối ứng").get_by_label("Dự kiến (đồng)").fill("300.000.000")
    page.get_by_role("button", name="Lưu đề án").click()

    warning = page.locator("#repeat-support")
    expect(warning).to_contain_text("Cơ sở đã được hỗ trợ nội dung KC03b trong vòng 3 năm")
    expect(warning).to_contain_text("KCĐP-2026-001")
    expect(warning).to_contain_text("01/03/2026")
    reason = page.get_by_label("Lý do hỗ trợ lại")
    expect(reason).to_be_visible()
    expect(page.get_by_text("Hãy nêu lý do hỗ trợ lại trước khi lưu.")).to_be_visible()
    assert not Project.objects.filter(code="KCĐP-2026-002").exists()

    reason.fill(REASON)
    page.get_by_role("button", name="Lưu đề án").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hỗ trợ máy đóng hộp khóm")
    expect(page.get_by_text(f"Hỗ trợ lại: {REASON}")).to_be_visible()
    assert Project.objects.get(code="KCĐP-2026-002").shares.get().repeat_support_reason == REASON
