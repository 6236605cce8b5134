"""The live ceiling box in Chromium: an establishment asks for more than the ceiling, reads that it is over
and how much it may ask, then asks for that and reads that it is within (KC03b machinery cap, 300,000,000)."""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Page, expect

from applications.models import Application
from beneficiaries.models import AccountStatus, EstablishmentAccount
from beneficiaries.roles import Role
from programs.models import SupportContent
from tests.browser_helpers import PASSWORD, establishment, reference_data

EMAIL = "cosobanhpia.vinhchau@example.vn"


@pytest.fixture
def draft(transactional_db) -> Application:
    """A verified establishment's draft for a 1,000,000,000 machine, nothing asked yet."""
    reference_data()
    owner = establishment("Cơ sở bánh pía Vĩnh Châu", 21)
    user = User.objects.create_user(EMAIL, email=EMAIL, password=PASSWORD)
    user.groups.add(Group.objects.get(name=Role.ESTABLISHMENT))
    EstablishmentAccount.objects.create(user=user, establishment=owner, status=AccountStatus.VERIFIED)
    return Application.objects.create(
        establishment=owner,
        created_by=user,
        title="Máy đóng gói bánh pía tự động",
        content=SupportContent.objects.get(code="KC03b"),
        eligible_cost=1_000_000_000,
    )


def _log_in(page: Page, live_server) -> None:
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(EMAIL)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.wait_for_load_state("load")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_box_says_when_the_request_is_over_the_ceiling_and_how_much_fits(live_server, page: Page, draft):
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/apply/{draft.uuid}/edit/")
    expect(page.get_by_role("heading", level=1, name="Hồ sơ đề nghị hỗ trợ")).to_be_visible()
    box = page.locator("#ceiling-box")
    expect(box).to_contain_text("Mức hỗ trợ tối đa: 300.000.000")

    page.get_by_label("Kinh phí đề nghị hỗ trợ (đồng)").fill("400.000.000")
    alert = box.get_by_role("alert")
    expect(alert).to_contain_text("Số tiền đề nghị 400.000.000\xa0₫ vượt mức hỗ trợ tối đa 300.000.000\xa0₫.")
    expect(alert).to_contain_text("Bạn có thể đề nghị tối đa 300.000.000\xa0₫.")

    page.get_by_label("Kinh phí đề nghị hỗ trợ (đồng)").fill("300.000.000")
    expect(box).to_contain_text("Số tiền đề nghị 300.000.000\xa0₫ nằm trong mức hỗ trợ tối đa.")
    expect(box.get_by_role("alert")).to_have_count(0)
    expect(box).not_to_contain_text("vượt")
