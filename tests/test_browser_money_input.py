"""Amounts of đồng grouped with dots as they are typed, as staff and establishments write them."""

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import approved_plan, log_in, open_section, reference_data, staff_member


@pytest.fixture
def staff(transactional_db):
    reference_data()
    return staff_member()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_see_an_amount_grouped_while_typing_it(live_server, page, staff):
    approved_plan(2026)
    log_in(page, live_server)
    open_section(page, "Đề án")
    page.get_by_role("link", name="Thêm đề án").click()
    budget = page.locator("#budget .formset-row").filter(has_text="Kinh phí khuyến công địa phương")
    planned = budget.get_by_label("Dự kiến (đồng)")

    planned.press_sequentially("1500000", delay=20)
    expect(planned).to_have_value("1.500.000")

    planned.press("Backspace")
    expect(planned).to_have_value("150.000")

    # A digit typed in the middle keeps the caret after it: "0" after "15", then "9" after that "0".
    planned.press("Home")
    planned.press("ArrowRight")
    planned.press("ArrowRight")
    planned.press("0")
    expect(planned).to_have_value("1.500.000")
    planned.press("9")
    expect(planned).to_have_value("15.090.000")

    # Anything but digits is left as typed, for the form to explain.
    planned.fill("")
    planned.press_sequentially("12 triệu", delay=20)
    expect(planned).to_have_value("12 triệu")
