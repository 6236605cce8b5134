"""`manage.py build_form settlement KCĐP-2025-001 -o quyet-toan.pdf`

Prints one of the Circular 36/2013 forms of a project (by its code) or of an application (by its
receipt number), with the download views' own code: for scripts and for checking a layout.
"""

import pathlib

from django.core.management.base import BaseCommand, CommandError

from applications.models import Application
from programs.models import Project
from reports.project_forms import (
    APPLICATION_FORMS,
    PROJECT_FORMS,
    FormUnavailable,
    application_for_forms,
    build_application_form,
    build_project_form,
    project_for_forms,
    render_form_pdf,
)


class Command(BaseCommand):
    help = "In biểu mẫu Thông tư 36/2013 (đề cương, phiếu thẩm định, biên bản nghiệm thu, quyết toán) thành PDF."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted({*PROJECT_FORMS, *APPLICATION_FORMS}))
        parser.add_argument("reference", help="Mã đề án, hoặc số tiếp nhận (hay mã UUID) của hồ sơ")
        parser.add_argument("-o", "--output", required=True, type=pathlib.Path, help="Đường dẫn tệp kết quả")

    def handle(self, *, kind, reference, output, **options):
        try:
            form = self._form(kind, reference)
        except FormUnavailable as error:
            raise CommandError(str(error)) from error
        pdf = render_form_pdf(form)
        try:
            pathlib.Path(output).write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"Không ghi được {output}: {error}") from error
        self.stdout.write(f"{output} ({len(pdf):,} bytes)")

    def _form(self, kind: str, reference: str):
        if kind in PROJECT_FORMS:
            try:
                return build_project_form(kind, project_for_forms(code=reference))
            except Project.DoesNotExist:
                if kind not in APPLICATION_FORMS:
                    raise CommandError(f"Không có đề án mã {reference}.") from None
        lookup = {"uuid": reference} if len(reference) == 36 and "-" in reference else {"receipt_number": reference}
        try:
            return build_application_form(kind, application_for_forms(**lookup))
        except Application.DoesNotExist:
            raise CommandError(f"Không có đề án hay hồ sơ nào mang số {reference}.") from None
