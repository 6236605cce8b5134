"""Compare the staff project list with the Django admin changelist of Project, same server, same load.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/khuyencong_bench \
        .venv/bin/python bench/list_pages.py [--requests 200] [--concurrency 4] [--workers 2]

Starts gunicorn on 127.0.0.1 (DEBUG off, the same settings for both pages), logs in as the
demo `staff` account, warms each page up, then sends a bounded number of GET requests per
page from `--concurrency` threads and prints throughput and latency percentiles. Only this
machine is contacted. Seed the database first: `manage.py seed_demo --scale 100`.
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8077
BASE = f"http://127.0.0.1:{PORT}"

# Searches compare the same result set: typed with diacritics ("máy sấy"), which the admin's
# icontains can match. Typed without them ("may say") only the staff list finds anything,
# so that search is measured for the staff list alone.
SEARCH = "?q=" + urllib.parse.quote_plus("máy sấy")
PAGES = [
    ("staff list", "/staff/projects/"),
    ("admin list", "/admin/programs/project/"),
    ("staff search", "/staff/projects/" + SEARCH),
    ("admin search", "/admin/programs/project/" + SEARCH),
    ("staff search without diacritics", "/staff/projects/?q=may+say"),
    ("staff establishments search", "/staff/establishments/?q=khom+cau+duc"),
    ("admin establishments search", "/admin/beneficiaries/establishment/?q=" + urllib.parse.quote_plus("khóm cầu đúc")),
]


def opener_logged_in(username: str, password: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(f"{BASE}/accounts/login/", data=data.encode(), headers={"Referer": BASE})
    opener.open(request).read()
    if not any(cookie.name == "sessionid" for cookie in jar):
        sys.exit("login failed: is the database seeded (seed_demo) with the demo staff account?")
    return opener


def measure(opener, path: str, requests: int, concurrency: int) -> dict:
    def one(_):
        started = time.perf_counter()
        with opener.open(BASE + path) as response:
            response.read()
            status = response.status
        return time.perf_counter() - started, status

    for _ in range(3):  # warm-up: connections, caches, compiled templates
        one(None)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - started
    latencies = sorted(r[0] for r in results)
    return {
        "rps": requests / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "errors": sum(1 for r in results if r[1] != 200),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database seeded with seed_demo --scale 100.")

    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "AXES_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "khuyencong.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{BASE}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        opener = opener_logged_in("staff", "demo1234")
        print(f"{args.requests} requests per page, {args.concurrency} at a time, gunicorn -w {args.workers}")
        print(f"{'page':32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
        results = {}
        for label, path in PAGES:
            results[label] = row = measure(opener, path, args.requests, args.concurrency)
            print(f"{label:32} {row['rps']:8.1f} {row['p50']:8.0f} {row['p95']:8.0f} {row['errors']:7d}")
        for what in ("list", "search"):
            ratio = results[f"staff {what}"]["rps"] / results[f"admin {what}"]["rps"]
            print(f"staff/admin throughput, {what}: {ratio:.2f}x (goal ≥ 1.5x)")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
