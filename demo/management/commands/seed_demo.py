"""`manage.py seed_demo [--scale N]`: the demo province, its accounts and their password."""

from django.core.management.base import BaseCommand, CommandError

from core.money import group_thousands
from demo import accounts, writer


def _n(count: int) -> str:
    """A count written the Vietnamese way: 1.040, not 1,040."""
    return group_thousands(count)


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu trình diễn: tài khoản demo, cơ sở CNNT, kế hoạch và đề án 2023-2026 "
        "(chạy lại nhiều lần không tạo trùng; --scale N nhân số cơ sở và đề án lên N lần)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Hệ số nhân số cơ sở (260 mỗi đơn vị) và đề án (96 mỗi đơn vị); 800 ≈ 200.000 cơ sở.",
        )

    def handle(self, *args, scale: int, **options):
        if scale < 1:
            raise CommandError("--scale phải là số nguyên dương.")
        try:
            summary = writer.seed(scale=scale)
        except (accounts.ForeignAccountError, writer.DemoRuleBroken) as error:
            raise CommandError(str(error)) from error
        created = ", ".join(f"{label}: {_n(count)}" for label, count in summary.created.items() if count) or "không có"
        self.stdout.write(f"Đã tạo mới — {created}.")
        self.stdout.write(
            f"Tổng số: {_n(summary.totals['establishments'])} cơ sở, {_n(summary.totals['projects'])} đề án "
            f"(hệ số {scale}); thời gian {f'{summary.seconds:.1f}'.replace('.', ',')} giây."
        )
        self.stdout.write(self.style.SUCCESS(f"Tài khoản demo (mật khẩu chung: {accounts.PASSWORD}):"))
        for username, user in summary.users.items():
            role = accounts.USERS[username][0]
            self.stdout.write(f"  {username:<15} {role.label:<10} {user.last_name} {user.first_name}")
