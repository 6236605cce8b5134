"""The plan's budget in Chromium: staff cannot approve a project beyond what the plan was assigned.

Decree 45/2012 Art. 16 and Circular 28/2018: the province's khuyến công plan is approved with an
assigned budget per source; projects are approved within it. The plan may list more proposals
than money (its page shows the shortfall), but approvals stop at the assigned budget.
"""

import pytest
from playwright.sync_api import expect

from programs.models import BudgetLine, Project, ProjectStatus
from tests.browser_helpers import (
    M,
    approved_plan,
    establishment,
    funded_project,
    log_in,
    open_section,
    reference_data,
    staff_member,
)

LOCAL_FUND = "Kinh phí khuyến công địa phương"


@pytest.fixture
def staff(transactional_db):
    reference_data()
    return staff_member()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_cannot_approve_a_project_beyond_the_plans_budget_and_see_the_figures(live_server, page, staff):
    plan = approved_plan(2026, assigned=500 * M)
    funded_project(
        "KCĐP-2026-001", plan=plan, beneficiary=establishment("Cơ sở chế biến khóm Cầu Đúc", 1), state=300 * M
    )
    appraised = funded_project(
        "KCĐP-2026-002",
        plan=plan,
        beneficiary=establishment("Cơ sở bánh pía Cầu Đúc", 2),
        status=ProjectStatus.APPRAISED,
        title="Hỗ trợ lò nướng bánh pía",
        state=240 * M,
        counterpart=360 * M,
    )
    # The appraisal's figures, typed on the edit page once appraised: 300 + 240 > 500 assigned.
    for line in appraised.budget_lines.all():
        line.approved = line.planned
        line.save(update_fields=["approved"])
    funded_project(
        "KCĐP-2026-003",
        plan=plan,
        beneficiary=establishment("Hợp tác xã đan lục bình Phụng Hiệp", 3, commune_code="31393"),
        status=ProjectStatus.PROPOSED,
        title="Hỗ trợ máy dệt lục bình",
        state=150 * M,
    )
    page.on("dialog", lambda dialog: dialog.accept())  # should the step ask for confirmation

    log_in(page, live_server)
    open_section(page, "Kế hoạch")
    page.get_by_role("link", name="2026 – Địa phương").click()
    page.get_by_role("link", name="KCĐP-2026-002").click()
    header = page.locator("main header")
    expect(header).to_contain_text("Đã thẩm định")

    page.locator("#transitions").get_by_role("button", name="Phê duyệt", exact=True).click()

    refusal = page.get_by_role("alert").filter(has_text="Vượt dự toán được giao")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text(f"nguồn {LOCAL_FUND}")
    expect(refusal).to_contain_text("dự toán được giao 500.000.000 ₫")
    expect(refusal).to_contain_text("đã duyệt cho các đề án khác 300.000.000 ₫")
    expect(refusal).to_contain_text("đề án này 240.000.000 ₫")
    expect(refusal).to_contain_text("vượt 40.000.000 ₫")
    expect(header).to_contain_text("Đã thẩm định")
    expect(page.locator("#status-changes")).to_contain_text("Đề án chưa chuyển trạng thái lần nào.")
    assert Project.objects.get(code="KCĐP-2026-002").status == ProjectStatus.APPRAISED

    # The plan: 500 assigned, 300 approved (200 left), 690 proposed (190 more than the budget).
    open_section(page, "Kế hoạch")
    page.get_by_role("link", name="2026 – Địa phương").click()
    sources = page.locator("section").filter(has=page.get_by_role("heading", name="Theo nguồn kinh phí"))
    local = sources.locator("tbody tr").filter(has_text=LOCAL_FUND)
    expect(local.locator("td").nth(1)).to_have_text("500.000.000 ₫")
    expect(local.locator("td").nth(2)).to_have_text("690.000.000 ₫")
    expect(local.locator("td").nth(3)).to_have_text("300.000.000 ₫")
    expect(local.locator("[data-budget=remaining]")).to_have_text("200.000.000 ₫")
    expect(local.locator("[data-budget=shortfall]")).to_have_text("190.000.000 ₫")
    # The establishments' counterpart money is not the plan's budget: nothing remains or falls short.
    counterpart = sources.locator("tbody tr").filter(has_text="Vốn đối ứng")
    expect(counterpart.locator("[data-budget=remaining]")).to_have_text("—")
    expect(counterpart.locator("[data-budget=shortfall]")).to_have_text("—")
    assert BudgetLine.objects.filter(project__plan=plan, project__status=ProjectStatus.APPROVED).count() == 2
