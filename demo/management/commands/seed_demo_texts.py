"""`manage.py seed_demo_texts`: the demo years' report narratives (after `seed_demo`); never overwrites."""

from django.core.management.base import BaseCommand

from demo.reports import seed_narratives


class Command(BaseCommand):
    help = "Tạo nội dung báo cáo mẫu cho các năm dữ liệu demo (không ghi đè nội dung đã có)."

    def handle(self, **options):
        created = seed_narratives()
        self.stdout.write(f"Nội dung báo cáo mẫu: {created} năm mới.")
