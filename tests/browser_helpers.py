"""What the staff browser journeys share: reference data, people, records made with the ORM, and moves in the page.

Browser tests run in transactional databases (`django_db(transaction=True)`): each one ends
with a flush, which also empties the rows the data migrations loaded (communes, contents,
funding sources, ceiling rules, role groups). `reference_data()` loads them again, idempotently.
"""

import datetime
import re
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.models import Group, User
from playwright.sync_api import Page, expect
from stdnum.vn import mst

from beneficiaries import reference as beneficiaries_reference
from beneficiaries.models import AdministrativeUnit, Establishment, LegalForm, Sector
from beneficiaries.roles import Role
from programs import reference as programs_reference
from programs.models import (
    AnnualPlan,
    BudgetLine,
    FundingSource,
    PlanBudget,
    PlanLevel,
    Project,
    ProjectStatus,
    SupportContent,
)

PASSWORD = "mat-khau-thu-1"
M = 1_000_000


def reference_data() -> None:
    """Communes, sectors, contents, sources, rules, indicators and the role groups (idempotent)."""
    beneficiaries_reference.load(apps)
    programs_reference.load(apps)
    for role in Role.values:
        Group.objects.get_or_create(name=role)


def staff_member(username: str = "t-canbo", first_name: str = "Lan", last_name: str = "Trần Thị") -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=first_name, last_name=last_name)
    user.groups.add(Group.objects.get(name=Role.STAFF))
    return user


def tax_code(n: int) -> str:
    """The n-th valid 10-digit tax code of the province (prefix 93), skipping serials with no check digit."""
    serial = 4000000 + n * 7
    while True:
        body = f"93{serial:07d}"
        check = mst.calc_check_digit(body)
        if len(check) == 1:
            return body + check
        serial += 1


def commune(code: str = "31338") -> AdministrativeUnit:
    """A commune of the reference data; 31338 is xã Hỏa Lựu."""
    return AdministrativeUnit.objects.get(code=code)


def establishment(name: str, n: int, *, commune_code: str = "31338", **fields) -> Establishment:
    """An establishment of the registry, producing in an eligible sector (food processing) unless told."""
    sectors = fields.pop("sectors", None)
    # save() fills search_text, the folded text the diacritics-free search reads.
    created = Establishment.objects.create(
        name=name,
        legal_form=fields.pop("legal_form", LegalForm.HOUSEHOLD),
        tax_code=tax_code(n),
        representative=fields.pop("representative", "Nguyễn Văn Tâm"),
        phone=fields.pop("phone", "0912345678"),
        commune=commune(commune_code),
        **fields,
    )
    created.sectors.set(sectors if sectors is not None else [Sector.objects.get(code="a")])
    return created


def approved_plan(year: int, level: str = PlanLevel.LOCAL, assigned: int = 5_000 * M) -> AnnualPlan:
    """An approved plan, assigned `assigned` đồng from its level's khuyến công fund."""
    plan = AnnualPlan.objects.create(
        year=year,
        level=level,
        title=f"Kế hoạch khuyến công {'địa phương' if level == PlanLevel.LOCAL else 'quốc gia'} năm {year}",
        status=AnnualPlan.Status.APPROVED,
        decision_number=f"QĐ 215/QĐ-UBND-{year}",
        decision_date=datetime.date(year, 1, 20),
    )
    fund = FundingSource.objects.get(code="KCDP" if level == PlanLevel.LOCAL else "KCQG")
    PlanBudget.objects.create(plan=plan, source=fund, assigned=assigned)
    return plan


def funded_project(
    code: str,
    *,
    plan: AnnualPlan,
    beneficiary: Establishment,
    status: str = ProjectStatus.APPROVED,
    content: str = "KC03b",
    title: str = "Hỗ trợ máy sấy thủy sản năng lượng mặt trời",
    state: int = 300 * M,
    counterpart: int = 300 * M,
    start: datetime.date | None = None,
) -> Project:
    """A project with local state funds and counterpart funds, planned and approved alike, and one beneficiary."""
    start = start or datetime.date(plan.year, 3, 1)
    project = Project.objects.create(
        code=code,
        title=title,
        content=SupportContent.objects.get(code=content),
        plan=plan,
        implementing_unit="Trung tâm Khuyến công tỉnh",
        start_date=start,
        end_date=start + datetime.timedelta(days=240),
        status=status,
    )
    for source, amount in (("KCDP", state), ("DOIUNG", counterpart)):
        if amount:
            BudgetLine.objects.create(
                project=project,
                source=FundingSource.objects.get(code=source),
                planned=Decimal(amount),
                approved=Decimal(amount) if status in Project.FUNDED else Decimal(0),
            )
    project.shares.create(establishment=beneficiary, eligible_cost=Decimal(state + counterpart))
    project.communes.set([beneficiary.commune])
    return project


# Assertions wait as long as actions do: under CI's load (two test workers laying out PDFs beside the
# browser) a form's answer can take more than Playwright's default five seconds.
expect.set_options(timeout=10_000)


def log_in(page: Page, live_server, username: str = "t-canbo") -> None:
    """Sign in through the login page, then open the staff workspace (its start page, /staff/)."""
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/$"))
    # Let the home page finish before leaving it: the live server's request threads share one
    # SQLite connection, and a request cut off half-way can trip the next one.
    expect(page.locator("#greeting")).to_be_visible()
    page.wait_for_load_state("load")
    page.goto(f"{live_server.url}/staff/")
    expect(staff_nav(page)).to_be_visible()


def staff_nav(page: Page):
    return page.get_by_role("navigation", name="Không gian cán bộ")


def open_section(page: Page, name: str) -> None:
    """Click one of the workspace's sub-navigation links: "Cơ sở CNNT", "Đề án", "Kế hoạch"."""
    staff_nav(page).get_by_role("link", name=name).click()
    expect(staff_nav(page).get_by_role("link", name=name)).to_have_class(re.compile(r"\bactive\b"))


def open_filters(page: Page) -> None:
    """Unfold the "Lọc và tìm kiếm" panel if it is folded (it is, until a filter is in the URL)."""
    panel = page.locator("details.filter-panel")
    if panel.get_attribute("open") is None:
        page.get_by_text("Lọc và tìm kiếm").click()
    expect(panel).to_have_attribute("open", "")
