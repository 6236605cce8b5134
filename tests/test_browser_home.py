"""A staff member signs in through the real login page, in Chromium, and is greeted at home."""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from beneficiaries.roles import Role


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_greets_a_staff_member_after_login(live_server, page):
    user = User.objects.create_user("t-canbo", password="mat-khau-thu-1", first_name="Lan")
    user.groups.add(Group.objects.get_or_create(name=Role.STAFF)[0])

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("t-canbo")
    page.get_by_label("Mật khẩu").fill("mat-khau-thu-1")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(re.compile(r"/$"))
    greeting = page.locator("#greeting")
    expect(greeting).to_contain_text("Xin chào, Lan!")
    expect(greeting).to_contain_text("Cán bộ")
