"""`manage.py build_report --kind results --year 2025 --format pdf --output bao-cao.pdf`

Builds a report with the worker's own code, without a job or a queue: for scripts and tests.
"""

import pathlib

from django.core.management.base import BaseCommand, CommandError

from reports.builders import build_report
from reports.models import MAX_YEAR, MIN_YEAR, ReportFormat, ReportKind


class Command(BaseCommand):
    help = "Lập báo cáo năm (kế hoạch hoặc kết quả) thành tệp PDF hoặc XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=ReportKind.values)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", required=True, choices=ReportFormat.values)
        parser.add_argument("--output", required=True, type=pathlib.Path, help="Đường dẫn tệp kết quả")

    def handle(self, *, kind, year, output, **options):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(f"Năm phải nằm trong khoảng {MIN_YEAR}–{MAX_YEAR}.")
        built = build_report(kind=kind, year=year, fmt=options["format"])
        output = pathlib.Path(output)
        try:
            output.write_bytes(built.content)
        except OSError as error:
            raise CommandError(f"Không ghi được {output}: {error}") from error
        self.stdout.write(f"{output} ({len(built.content):,} bytes)")
