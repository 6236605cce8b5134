"""Report journeys in Chromium: a leader asks for the 2025 results and downloads them; staff write the year's texts.

Where the file is built depends on what the machine has. With PostgreSQL and Redis (CI), a real
Celery worker builds it: the live server sends the job to Redis, and the person watches the row go
from queued to done through the htmx poll. On SQLite (a laptop's `make test`) Celery is eager: the
file is built inside the request and the row arrives already done; the journey is the same. Under
CI=true the real worker is required, as in tests/test_report_worker.py.
"""

import os
import re
import unicodedata
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from beneficiaries.roles import Role
from reports.tests import build_year
from tests.browser_helpers import PASSWORD, log_in, reference_data, staff_member
from tests.worker_helpers import BROKER_URL, broker_answers, sending_to_worker

YEAR = 2025
# The state money approved in 2025 by build_year: 200 + 60 million (proposed and cancelled do not count).
STATE_APPROVED = "260.000.000"
# A worker may take a while on a busy CI machine; a person would wait that long too.
BUILD_TIMEOUT = 90_000
JOB_STATUS_URL = re.compile(r"/reports/jobs/\d+/$")


@pytest.fixture
def real_worker(request, transactional_db) -> bool:
    """True when a Celery worker on Redis builds the reports (the live server sends to it), False when eager."""
    if connection.vendor == "postgresql" and broker_answers():
        request.getfixturevalue("worker")
        # The live server runs in this process: pointing the app at Redis makes its requests send there.
        with sending_to_worker():
            yield True
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            f"CI must build the report on a real worker: needs PostgreSQL (DATABASE_URL) and Redis at {BROKER_URL}",
            pytrace=False,
        )
    yield False


@pytest.fixture
def year_2025(transactional_db):
    reference_data()
    return build_year(YEAR)


def leader_member() -> User:
    user = User.objects.create_user("t-lanhdao", password=PASSWORD, first_name="Hùng", last_name="Nguyễn Văn")
    user.groups.add(Group.objects.get(name=Role.LEADER))
    return user


def open_reports(page: Page) -> None:
    """Follow "Báo cáo" in the main menu (unfolding it first on a narrow screen)."""
    menu = page.get_by_role("navigation", name="Điều hướng chính")
    toggler = menu.get_by_role("button", name="Mở danh mục")
    if toggler.is_visible():
        toggler.click()
    menu.get_by_role("link", name="Báo cáo", exact=True).click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Báo cáo khuyến công năm \d{4}$"))).to_be_visible()


def choose_year(page: Page, year: int) -> None:
    """Pick the year in the dashboard's own year picker (the one with the "Xem" button)."""
    picker = page.locator("form").filter(has=page.get_by_role("button", name="Xem", exact=True))
    picker.get_by_label("Năm", exact=True).select_option(str(year))
    picker.get_by_role("button", name="Xem", exact=True).click()
    expect(page.get_by_role("heading", level=1, name=f"Báo cáo khuyến công năm {year}")).to_be_visible()


def ask_for_results(page: Page, year: int, fmt: str = "PDF") -> Locator:
    """Fill the request form and submit it; returns the job's row, once htmx has put it in the list."""
    form = page.locator("#report-request")
    # Required fields carry an asterisk in their label ("Báo cáo*").
    kind = form.get_by_role("combobox", name=re.compile(r"^Báo cáo\W*$"))
    # The person looks for the report whose name starts "Báo cáo kết quả…", however it ends.
    results = kind.locator("option").filter(has_text=re.compile(r"^\s*Báo cáo kết quả"))
    kind.select_option(label=results.inner_text().strip())
    form.get_by_role("combobox", name=re.compile(r"^Năm\W*$")).select_option(str(year))
    form.get_by_label(fmt, exact=True).check()
    form.get_by_role("button", name="Lập báo cáo").click()
    row = page.locator("#report-jobs > li").filter(has_text=re.compile(rf"Báo cáo kết quả.* {year}\b"))
    # Eagerly, the request itself builds the file before the row comes back.
    expect(row).to_have_count(1, timeout=BUILD_TIMEOUT)
    expect(page.get_by_text("Bạn chưa yêu cầu lập báo cáo nào.")).to_be_hidden()
    return row


def watch_until_done(page: Page, row: Locator, real_worker: bool) -> Locator:
    """What the person sees while the file is built; returns the download button."""
    status = row.get_by_role("status")
    download = row.get_by_role("link", name=re.compile(r"Tải về"))
    if real_worker:
        polls = []
        page.on("response", lambda response: JOB_STATUS_URL.search(response.url) and polls.append(response.status))
        # The row comes back before the worker can have finished: waiting, with its progress bar.
        expect(status).to_have_text(re.compile(r"^(Đang chờ|Đang lập)$"))
        expect(row.get_by_role("progressbar", name="Tiến độ lập báo cáo")).to_be_visible()
        expect(download).to_have_count(0)
        expect(download).to_be_visible(timeout=BUILD_TIMEOUT)
        # The button came through the row's own htmx poll, not a reload.
        assert polls and set(polls) == {200}, polls
    else:
        expect(download).to_be_visible()
    expect(status).to_have_text("Hoàn thành")
    expect(row.get_by_role("progressbar")).to_have_count(0)
    return download


def download_file(page: Page, button: Locator, folder: Path) -> Path:
    with page.expect_download() as info:
        button.click()
    download = info.value
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


def pdf_text(path: Path) -> str:
    """The PDF's words, one space apart, in composed Unicode (as typed)."""
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_leader_asks_for_the_2025_results_and_downloads_the_pdf(live_server, page, year_2025, real_worker, tmp_path):
    leader_member()
    log_in(page, live_server, "t-lanhdao")
    open_reports(page)
    choose_year(page, YEAR)
    expect(page.locator('[data-total="state-approved"]')).to_contain_text(STATE_APPROVED)
    # A leader reads the texts; only staff write them.
    expect(page.get_by_role("link", name=re.compile("Sửa nội dung báo cáo"))).to_have_count(0)

    row = ask_for_results(page, YEAR)
    button = watch_until_done(page, row, real_worker)
    expect(button).to_contain_text("bao-cao-ket-qua-khuyen-cong-2025.pdf")
    path = download_file(page, button, tmp_path)

    assert path.name == "bao-cao-ket-qua-khuyen-cong-2025.pdf"
    text = pdf_text(path)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "KẾT QUẢ THỰC HIỆN CÔNG TÁC KHUYẾN CÔNG NĂM 2025" in text.upper()
    # The same total as the dashboard showed.
    assert STATE_APPROVED in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_write_the_2025_texts_and_the_results_pdf_prints_them(
    live_server, page, year_2025, real_worker, tmp_path
):
    staff_member()
    achievements = "Hỗ trợ 2 máy sấy cho cơ sở chế biến khóm ở Hỏa Lựu; doanh thu tăng 18%."
    difficulties = "Vốn đối ứng của hộ kinh doanh còn hạn chế; giải ngân chậm ở quý đầu."

    log_in(page, live_server)
    open_reports(page)
    choose_year(page, YEAR)
    page.get_by_role("link", name=f"Sửa nội dung báo cáo năm {YEAR}").click()
    expect(page.get_by_role("heading", level=1, name=f"Nội dung báo cáo năm {YEAR}")).to_be_visible()
    page.get_by_label("Kết quả đạt được", exact=True).fill(achievements)
    page.get_by_label("Khó khăn, vướng mắc", exact=True).fill(difficulties)
    page.get_by_role("button", name="Lưu nội dung").click()

    expect(page.get_by_text(f"Đã lưu nội dung báo cáo năm {YEAR}.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=f"Báo cáo khuyến công năm {YEAR}")).to_be_visible()

    row = ask_for_results(page, YEAR)
    path = download_file(page, watch_until_done(page, row, real_worker), tmp_path)

    text = pdf_text(path)
    assert achievements in text
    assert difficulties in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_a_leader_asks_for_the_results_in_excel_without_scrolling_sideways(
    live_server, page, year_2025, real_worker, tmp_path
):
    width = 390
    page.set_viewport_size({"width": width, "height": 844})
    leader_member()
    log_in(page, live_server, "t-lanhdao")
    open_reports(page)
    choose_year(page, YEAR)

    form = page.locator("#report-request")
    form.scroll_into_view_if_needed()
    expect(form.get_by_role("button", name="Lập báo cáo")).to_be_in_viewport()
    row = ask_for_results(page, YEAR, fmt="Excel (XLSX)")
    button = watch_until_done(page, row, real_worker)
    button.scroll_into_view_if_needed()
    expect(button).to_be_in_viewport(ratio=1)
    box = button.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1

    path = download_file(page, button, tmp_path)
    assert path.name == "bao-cao-ket-qua-khuyen-cong-2025.xlsx"
    cells = [cell.value for sheet in load_workbook(path) for line in sheet.iter_rows() for cell in line]
    assert 260_000_000 in cells
