"""Time the annual plan PDF against a bare WeasyPrint table of the same rows, and the worker's peak memory.

    .venv/bin/python bench/report_pdf.py [--scale 46] [--year 2025] [--runs 3] [--reseed] [--no-worker] [--no-times]
    BENCH_REPORTS_DB=another_name .venv/bin/python bench/report_pdf.py ...   # a database of another name

Issue #5 asks that a year of about 1,000 projects builds as PDF in at most 1.3 times what WeasyPrint
needs for a bare table of the same rows (measured in the same run), and that the Celery worker,
started with a max-tasks-per-child limit, stays under 300 MiB.

1. Uses its own PostgreSQL database on 127.0.0.1 (`khuyencong_bench_reports`, created if missing,
   migrated, seeded with `seed_demo --scale N` unless projects are already there; `--reseed` drops
   and rebuilds it). Scale 46 gives 2025 some 1,025 live projects.
2. In this process, after a warm-up: the plan and results reports through `build_report` end to end,
   and the bare table (one query for the same rows' plain text, a minimal 13-column <table> with a
   <thead>, A4 landscape, the report's font and size, then `write_pdf()`), and the same table with
   the appendix's fixed column widths. Median and best of `--runs`; the plan's time is also split
   into queries, the signed document and the appendix (laid out in parts, reports/pdf.py).
3. Builds the plan PDF once more in a child process of its own, which prints its peak resident size
   (VmHWM in /proc/self/status) before and after: what building the document costs, apart from Celery.
4. Starts a real worker (prefork, one process, --max-tasks-per-child=1) on Redis db 14, sends it a
   ReportJob for the plan PDF and samples its pool processes' memory from /proc until the job is done.

Only 127.0.0.1 is contacted; no other database is touched.
"""

import argparse
import html
import io
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.environ.get("BENCH_REPORTS_DB", "khuyencong_bench_reports")
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
BROKER = "redis://127.0.0.1:6379/14"
QUEUE = "bench_reports"  # a queue of its own, so nothing else left on db 14 reaches this worker
PRIVATE = "/tmp/bench-private"
LIMIT_RATIO = 1.3
LIMIT_MIB = 300

# The environment of this process and of every child: the bench database, DEBUG off (no query log).
BENCH_ENV = {
    "DATABASE_URL": DB_URL,
    "DJANGO_SETTINGS_MODULE": "khuyencong.settings.base",
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "PRIVATE_MEDIA_ROOT": PRIVATE,
    "CELERY_BROKER_URL": BROKER,
    "AXES_ENABLED": "false",
    "LOG_LEVEL": "WARNING",
}

# The bare table: a minimal landscape page in the face and size of the report's project appendix,
# automatic table layout, no column widths, no group or total rows, no page numbers.
BARE_STYLE = """
@page { size: A4 landscape; margin: 20mm 15mm 15mm 20mm; }
html { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 9.5pt; line-height: 1.2; }
body { margin: 0; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.5pt solid #000; padding: 1.5pt 2pt; vertical-align: top; }
"""
BARE_HEADINGS = (
    "STT",
    "Tên đề án",
    "Nội dung",
    "Đơn vị thực hiện",
    "Đơn vị thụ hưởng",
    "Địa điểm",
    "Thời gian",
    "Tổng kinh phí",
    "KC quốc gia",
    "KC địa phương",
    "Vốn đối ứng",
    "Nguồn khác",
    "Kết quả dự kiến",
)
# The stricter variant: the appendix's own column widths (templates/reports/pdf/appendix.html), fixed layout.
FIXED_WIDTHS = (3.5, 12.5, 4.5, 7.5, 8.5, 6, 7.5, 8.4, 8.4, 8.4, 8.4, 8.4, 8)


def run(*command: str) -> None:
    subprocess.run(command, cwd=ROOT, env={**os.environ, **BENCH_ENV}, check=True)


def prepare_database(scale: int, year: int, reseed: bool) -> int:
    """Create, migrate and seed the bench database; return the year's live projects."""
    # Connect through template1, never the `postgres` database.
    admin = ["-h", "127.0.0.1", "-U", "postgres", "--maintenance-db=template1"]
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB_NAME, "-tAc", "select 1"], capture_output=True
    )
    if reseed and exists.returncode == 0:
        subprocess.run(["dropdb", *admin, DB_NAME], check=True)
    if reseed or exists.returncode != 0:
        subprocess.run(["createdb", *admin, DB_NAME], check=True)
    run(sys.executable, "manage.py", "migrate", "-v0")

    import django

    django.setup()
    from programs.models import Project

    if reseed or not Project.objects.exists():
        started = time.perf_counter()
        run(sys.executable, "manage.py", "seed_demo", "--scale", str(scale))
        print(f"seed_demo --scale {scale}: {time.perf_counter() - started:.0f} s")
    live = Project.objects.filter(plan__year=year).exclude(status="cancelled").count()
    print(f"{year}: {live} live projects ({Project.objects.count()} projects in all)")
    if not 900 <= live <= 1100:
        suggested = max(1, round(scale * 1000 / max(live, 1)))
        print(f"warning: the issue asks for about 1,000 projects; try --reseed --scale {suggested}")
    return live


def bare_rows(year: int) -> list[tuple]:
    """The plan appendix's 13 columns as plain values, in the appendix's order, in one query."""
    from django.contrib.postgres.aggregates import StringAgg
    from django.db.models import OuterRef, Q, Subquery

    from programs.models import BudgetLine, FundingSource, Project, ProjectBeneficiary
    from programs.selectors import subtotal

    def joined(model, outer: str, field: str):
        rows = model.objects.filter(**{outer: OuterRef("pk")}).order_by().values(outer)
        return Subquery(rows.annotate(text=StringAgg(field, "; ", order_by=field)).values("text"))

    money = {
        kind: subtotal(BudgetLine, "planned", outer="project", condition=Q(source__kind=kind))
        for kind in FundingSource.Kind.values
    }
    rows = (
        Project.objects.filter(plan__year=year)
        .exclude(status="cancelled")
        .annotate(
            beneficiary_names=joined(ProjectBeneficiary, "project", "establishment__name"),
            commune_names=joined(Project.communes.through, "project", "administrativeunit__name"),
            money_total=subtotal(BudgetLine, "planned", outer="project"),
            **{f"money_{kind}": value for kind, value in money.items()},
        )
        .order_by("content__order", "content__code", "code")
    )
    return list(
        rows.values_list(
            "title",
            "content__code",
            "implementing_unit",
            "beneficiary_names",
            "commune_names",
            "start_date",
            "end_date",
            "money_total",
            "money_national",
            "money_local",
            "money_counterpart",
            "money_other",
            "expected_results",
        )
    )


def bare_html(rows: list[tuple], fixed: bool = False) -> str:
    from core.money import group_thousands

    def cell(value) -> str:
        return html.escape(value or "").replace("\n", "<br>")

    body = []
    for number, (title, content, unit, names, communes, start, end, *money, results) in enumerate(rows, start=1):
        cells = [
            str(number),
            cell(title),
            cell(content),
            cell(unit),
            cell(names),
            cell(communes),
            f"{start:%d/%m/%Y} – {end:%d/%m/%Y}",
            *(group_thousands(int(amount)) for amount in money),
            cell(results),
        ]
        body.append("<tr>" + "".join(f"<td>{text}</td>" for text in cells) + "</tr>")
    head = "".join(f"<th>{text}</th>" for text in BARE_HEADINGS)
    table, columns = "<table>", ""
    if fixed:
        table = '<table style="table-layout: fixed">'
        columns = "<colgroup>" + "".join(f'<col style="width: {width}%">' for width in FIXED_WIDTHS) + "</colgroup>"
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{BARE_STYLE}</style></head><body>'
        f"{table}{columns}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></body></html>"
    )


def bare_pdf(year: int, fixed: bool = False) -> dict:
    from weasyprint import HTML

    started = time.perf_counter()
    rows = bare_rows(year)
    markup = bare_html(rows, fixed)
    fetched = time.perf_counter()
    layout = HTML(string=markup).render()
    laid = time.perf_counter()
    pdf = layout.write_pdf()
    done = time.perf_counter()
    return {
        "total": done - started,
        "query+html": fetched - started,
        "layout": laid - fetched,
        "write": done - laid,
        "rows": len(rows),
        "pages": len(layout.pages),
        "bytes": len(pdf),
    }


def report_pdf_steps(kind: str, year: int) -> dict:
    """The same steps as build_report, timed one by one: the queries, the document part, the appendix parts."""
    from django.conf import settings
    from django.utils import translation
    from pypdf import PdfReader

    from reports.documents import build_document
    from reports.pdf import appendix_parts, render_pdf

    marks = {}
    with translation.override(settings.LANGUAGE_CODE):
        started = time.perf_counter()
        document = build_document(kind, year)
        built = time.perf_counter()
        pdf = render_pdf(document, progress=lambda percent: marks.setdefault(percent, time.perf_counter()))
        done = time.perf_counter()
    return {
        "total": done - started,
        "queries": built - started,
        "document": marks[35] - built,
        "appendix": done - marks[35],
        "parts": len(appendix_parts(document.groups)),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "bytes": len(pdf),
    }


def report_pdf_end_to_end(kind: str, year: int) -> float:
    from reports.builders import build_report

    started = time.perf_counter()
    build_report(kind=kind, year=year, fmt="pdf")
    return time.perf_counter() - started


def measure_times(year: int, runs: int) -> None:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    HTML(string="<p>warm-up</p>").write_pdf()  # Pango, fontconfig and the fonts load once per process
    report_pdf_end_to_end("plan", year)
    bare_pdf(year)

    plan, results, bare, plan_steps, bare_steps, fixed_steps = [], [], [], [], [], []
    for _ in range(runs):  # interleaved, so a slower moment of the machine hits both sides
        plan.append(report_pdf_end_to_end("plan", year))
        bare_steps.append(bare_pdf(year))
        bare.append(bare_steps[-1]["total"])
        fixed_steps.append(bare_pdf(year, fixed=True))
        results.append(report_pdf_end_to_end("results", year))
        plan_steps.append(report_pdf_steps("plan", year))

    def line(label, times):
        print(f"{label:44} median {statistics.median(times):6.2f} s   best {min(times):6.2f} s")

    print(f"\nTimes over {runs} runs, one process, after a warm-up build of each:")
    line("plan PDF, build_report end to end", plan)
    line("results PDF, build_report end to end", results)
    line(f"bare table, {bare_steps[0]['rows']} rows x 13 columns", bare)
    ratio, best_ratio = statistics.median(plan) / statistics.median(bare), min(plan) / min(bare)
    verdict = "PASS" if ratio <= LIMIT_RATIO else "FAIL"
    fixed = [steps["total"] for steps in fixed_steps]
    line("bare table with the appendix's column widths", fixed)
    print(f"plan / bare: {ratio:.2f} (medians), {best_ratio:.2f} (best); goal ≤ {LIMIT_RATIO}: {verdict}")
    ratio, best_ratio = statistics.median(plan) / statistics.median(fixed), min(plan) / min(fixed)
    print(f"plan / bare with the appendix's widths: {ratio:.2f} (medians), {best_ratio:.2f} (best)")

    def split(label, steps, keys):
        parts = "  ".join(f"{key} {statistics.median(s[key] for s in steps):5.2f} s" for key in keys)
        last = steps[-1]
        print(f"{label:12} {parts}   ({last['pages']} pages, {last['bytes'] / 1024:.0f} KiB PDF)")

    print("\nWhere the time goes (medians):")
    split("plan", plan_steps, ("queries", "document", "appendix"))
    print(f"{'':12} the appendix in {plan_steps[-1]['parts']} parts")
    split("bare table", bare_steps, ("query+html", "layout", "write"))
    split("bare, fixed", fixed_steps, ("query+html", "layout", "write"))


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (the process's peak resident size) from /proc/<pid>/status."""
    values = {}
    try:
        for text in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = text.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    except OSError:
        pass
    return values


def _bench_user():
    """The demo leader, else the first account, else a new one: the job's requester."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user = User.objects.filter(username="leader").first() or User.objects.order_by("pk").first()
    if user is None:
        user = User.objects.create_user("bench-reports", password=secrets.token_urlsafe(16))
    return user


def _peaks_until_finished(worker: subprocess.Popen, job, started: float, log: Path) -> dict[int, int]:
    """The peak resident memory (KiB) of each pool process, sampled until the job is finished."""
    peak: dict[int, int] = {}
    last_poll = 0.0
    while True:
        for pid in children_of(worker.pid):
            hwm = memory_kib(pid).get("VmHWM", 0)
            peak[pid] = max(peak.get(pid, 0), hwm)
        if time.perf_counter() - last_poll > 0.5:
            last_poll = time.perf_counter()
            job.refresh_from_db()
            if job.is_finished:
                return peak
            if time.perf_counter() - started > 900:
                sys.exit(f"job {job.pk} still {job.status} after 15 minutes; see {log}")
        time.sleep(0.02)


# Run in a fresh interpreter, which reads its own peak from /proc (VmHWM): getrusage's ru_maxrss would not do,
# as Linux carries it over from the parent through fork and exec, and this process has held a bare table.
CHILD_BUILD = """
import sys, time
from pathlib import Path
import django
django.setup()
import weasyprint  # loaded before the first reading, as the worker has it loaded when a task arrives
from reports.builders import build_report

def peak_kib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

ready = peak_kib()
started = time.perf_counter()
built = build_report(kind="plan", year=int(sys.argv[1]), fmt="pdf")
elapsed = time.perf_counter() - started
print(ready, peak_kib(), elapsed, len(built.content))
"""


def measure_child(year: int) -> None:
    """The peak resident size of a process that does nothing but build the plan PDF."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD_BUILD, str(year)],
        cwd=ROOT,
        env={**os.environ, **BENCH_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    ready, peak, elapsed, size = result.stdout.split()[-4:]
    verdict = "PASS" if int(peak) / 1024 < LIMIT_MIB else "FAIL"
    print(f"\nA child process building the plan PDF {year} ({float(elapsed):.1f} s, {int(size) / 1024:.0f} KiB):")
    print(f"  peak resident size {int(ready) / 1024:.0f} MiB before the build (Django, WeasyPrint loaded)")
    print(f"  peak resident size {int(peak) / 1024:.0f} MiB after it; goal < {LIMIT_MIB} MiB: {verdict}")


def measure_worker(year: int) -> None:
    from celery import current_app

    from reports.models import JobStatus, ReportJob
    from reports.tasks import build_report_task

    current_app.conf.broker_url = BROKER
    current_app.conf.task_always_eager = False
    log = Path(tempfile.gettempdir()) / f"bench-worker-{os.getpid()}.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("celery")),  # the venv's, wherever the checkout is
                "-A",
                "khuyencong",
                "-b",
                BROKER,
                "worker",
                "--pool=prefork",
                "-c",
                "1",
                "--max-tasks-per-child=1",
                "-Q",
                QUEUE,
                "-l",
                "warning",
            ],
            cwd=ROOT,
            env={**os.environ, **BENCH_ENV},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while not children_of(worker.pid):
            if worker.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the worker did not start; see {log}")
            time.sleep(0.2)
        time.sleep(3)  # let the pool process finish importing
        (first_child,) = children_of(worker.pid)
        idle = memory_kib(first_child)["VmRSS"]

        job = ReportJob.objects.create(requested_by=_bench_user(), kind="plan", year=year, format="pdf")
        started = time.perf_counter()
        build_report_task.apply_async(args=[job.pk], queue=QUEUE)
        peak = _peaks_until_finished(worker, job, started, log)
        elapsed = time.perf_counter() - started
        # The child that ran the task exits (max-tasks-per-child=1) and a fresh one takes its place.
        deadline = time.monotonic() + 30
        while first_child in children_of(worker.pid) and time.monotonic() < deadline:
            hwm = memory_kib(first_child).get("VmHWM", 0)
            peak[first_child] = max(peak.get(first_child, 0), hwm)
            time.sleep(0.02)
        time.sleep(3)
        after = {pid: memory_kib(pid).get("VmRSS", 0) for pid in children_of(worker.pid)}
        main_rss = memory_kib(worker.pid).get("VmRSS", 0)

        top = max(peak.values()) / 1024
        verdict = "PASS" if job.status == JobStatus.DONE and top < LIMIT_MIB else "FAIL"
        print(f"\nWorker (prefork -c 1, --max-tasks-per-child=1), plan PDF {year}, job {job.pk}: {job.status}")
        if job.error:
            print(f"  error: {job.error}")
        print(f"  queued to done: {elapsed:.1f} s; file {job.file.name} ({job.file.size / 1024:.0f} KiB)")
        print(f"  pool process {first_child}: {idle / 1024:.0f} MiB idle before the task")
        print(f"  peak resident memory of the pool process: {top:.0f} MiB; goal < {LIMIT_MIB} MiB: {verdict}")
        for pid, rss in after.items():
            state = "same process, not recycled" if pid == first_child else "recycled"
            print(f"  after the task: pool process {pid} ({state}) {rss / 1024:.0f} MiB")
        print(f"  main worker process: {main_rss / 1024:.0f} MiB")
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=46, help="seed_demo scale (46: about 1,025 projects in 2025)")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reseed", action="store_true", help="drop the bench database and seed it again")
    parser.add_argument("--no-worker", action="store_true", help="skip the worker's memory")
    parser.add_argument("--no-times", action="store_true", help="skip the timings, measure the worker only")
    args = parser.parse_args()

    os.environ.update(BENCH_ENV)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    Path(PRIVATE).mkdir(parents=True, exist_ok=True)
    prepare_database(args.scale, args.year, args.reseed)
    if not args.no_times:
        measure_times(args.year, args.runs)
    measure_child(args.year)
    if not args.no_worker:
        measure_worker(args.year)


if __name__ == "__main__":
    main()
