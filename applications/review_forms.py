"""Forms of the staff review of applications: they validate and normalise, the services decide."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from applications.forms import DATE_FORMATS, ApplicationFieldsForm
from applications.models import Application, ApplicationAttachment, Appraisal
from applications.review_services import ON_BEHALF_REQUIRED
from applications.uploads import check_upload
from beneficiaries.models import AdministrativeUnit, Establishment
from core.validators import SaneDateValidator
from programs.forms import DateInput, GroundChoiceField, PlanChoiceField, ground_queryset
from programs.models import AnnualPlan, SupportContent
from programs.repeat_support import repeat_window_years


def _repeat_reason_field() -> forms.CharField:
    """Why staff go on although the establishment had the same content within the double-support window."""
    return forms.CharField(
        label=_("Lý do hỗ trợ lại"),
        required=False,
        max_length=255,
        help_text=_(
            "Bắt buộc khi cơ sở đã được hỗ trợ hoặc đang đề nghị hỗ trợ cùng nội dung trong thời hạn quy định."
        ),
    )


SCAN_ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is cleaned as a FileField would clean it."""

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class QueueFilterForm(forms.Form):
    """The review queue's filters; every field may stay empty."""

    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả"))] + [(status.value, status.label) for status in Application.FILED],
    )
    content = forms.ModelChoiceField(
        label=_("Nội dung"),
        required=False,
        queryset=SupportContent.objects.order_by("order", "code"),
        to_field_name="code",
        empty_label=_("Tất cả"),
    )
    commune = forms.ModelChoiceField(
        label=_("Xã/phường"),
        required=False,
        queryset=AdministrativeUnit.objects.none(),
        to_field_name="code",
        empty_label=_("Tất cả"),
    )
    submitted_from = forms.DateField(
        label=_("Nộp từ ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        validators=[SaneDateValidator()],
    )
    submitted_to = forms.DateField(
        label=_("đến ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        validators=[SaneDateValidator(future_years=1)],
    )

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only communes that have applications: a short list instead of every unit of the province.
        if communes is not None:
            self.fields["commune"].queryset = communes
        self.helper = _helper()
        self.helper.form_method = "get"

    def clean(self):
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and end < start:
            self.add_error("submitted_to", _("Ngày cuối phải bằng hoặc sau ngày đầu."))
        return data


class AppraisalForm(forms.ModelForm):
    """The appraisal points of TT 36/2013 (a score 0–10 and a comment each) and a conclusion."""

    class Meta:
        model = Appraisal
        fields = [name for point in Appraisal.POINTS for name in (f"{point}_score", f"{point}_comment")] + [
            "conclusion"
        ]
        widgets = {
            **{f"{point}_comment": forms.Textarea(attrs={"rows": 2}) for point in Appraisal.POINTS},
            **{
                f"{point}_score": forms.NumberInput(attrs={"min": 0, "max": 10, "inputmode": "numeric"})
                for point in Appraisal.POINTS
            },
            "conclusion": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "appraisal")
        super().__init__(*args, **kwargs)
        # Nullable in the table for appraisals written before it was scored; every new one scores it.
        self.fields["links_score"].required = True
        self.helper = _helper()

    def scores(self) -> dict[str, int]:
        return {point: self.cleaned_data[f"{point}_score"] for point in Appraisal.POINTS}

    def comments(self) -> dict[str, str]:
        return {point: self.cleaned_data[f"{point}_comment"] for point in Appraisal.POINTS}


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Nội dung cần bổ sung, sửa đổi (cơ sở sẽ đọc)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi rõ nội dung cần bổ sung, sửa đổi để cơ sở biết cần làm gì.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "correction")
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Chấp thuận")), ("refuse", _("Không chấp thuận"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do (bắt buộc khi không chấp thuận; cơ sở sẽ đọc)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    repeat_reason = _repeat_reason_field()

    def __init__(self, *args, repeat: bool = True, **kwargs):
        """`repeat`: the application may repeat a support, so approving it asks for a reason."""
        kwargs.setdefault("prefix", "decision")
        super().__init__(*args, **kwargs)
        if not repeat:
            del self.fields["repeat_reason"]
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Hãy ghi rõ lý do không chấp thuận để cơ sở biết."))
        return data


class GroundForm(forms.Form):
    """The priority ground the review found, if any: it may raise the ceiling once recorded."""

    ground = GroundChoiceField(
        label=_("Diện ưu tiên"),
        queryset=ground_queryset(),
        required=False,
        empty_label=_("— Không —"),
        help_text=_(
            "Chỉ ghi khi thẩm định xác nhận cơ sở hoặc địa bàn thuộc diện ưu tiên; khi chuyển thành đề án, "
            "diện ưu tiên đi theo đề án."
        ),
    )

    def __init__(self, *args, current_id: int | None = None, **kwargs):
        kwargs.setdefault("prefix", "ground")
        super().__init__(*args, **kwargs)
        self.fields["ground"].queryset = ground_queryset(current_id)
        self.helper = _helper()


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Trả lời cơ sở"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy nhập nội dung tin nhắn.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "message")
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ConvertForm(forms.Form):
    """Where the project goes: the plan, its code (empty = the next free one) and who carries it out."""

    plan = PlanChoiceField(
        label=_("Kế hoạch khuyến công năm"),
        queryset=AnnualPlan.objects.order_by("-year", "level"),
        empty_label=_("— Chọn kế hoạch —"),
    )
    code = forms.CharField(
        label=_("Mã đề án"),
        required=False,
        max_length=30,
        help_text=_("Để trống để tự đánh số theo năm và cấp của kế hoạch, ví dụ KCĐP-2026-001 hoặc KCQG-2026-001."),
    )
    implementing_unit = forms.CharField(label=_("Đơn vị thực hiện"), max_length=255)
    repeat_reason = _repeat_reason_field()
    eligibility_reason = forms.CharField(
        label=_("Lý do ngoại lệ về đối tượng (nếu cơ sở không thuộc đối tượng được hỗ trợ nội dung này)"),
        required=False,
        max_length=255,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "convert")
        super().__init__(*args, **kwargs)
        self.fields["repeat_reason"].help_text = _(
            "Bắt buộc khi cơ sở đã được hỗ trợ cùng nội dung trong vòng %(years)d năm; "
            "lý do ghi khi chấp thuận được điền sẵn."
        ) % {"years": repeat_window_years()}
        self.helper = _helper()

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class OnBehalfForm(ApplicationFieldsForm):
    """The application fields staff type from a phone call or a paper file.

    The same fields and checks as the establishment's own form, but the standard level
    only (the portal offers a content's variants as it is chosen) and what the filing
    service needs is required.
    """

    establishment = forms.ModelChoiceField(
        queryset=Establishment.objects.active(), to_field_name="code", widget=forms.HiddenInput
    )
    repeat_reason = _repeat_reason_field()
    registration = forms.FileField(
        label=_("Giấy đăng ký kinh doanh (bản chụp)"),
        help_text=_("PDF, JPG, PNG, DOCX hoặc XLSX, tối đa 10 MB."),
        error_messages={"required": _("Hãy đính kèm bản chụp giấy đăng ký kinh doanh.")},
        widget=forms.ClearableFileInput(attrs={"accept": SCAN_ACCEPT}),
    )
    other_files = MultipleFileField(
        label=_("Tài liệu khác (báo giá, hình ảnh…)"),
        required=False,
        help_text=_("Có thể chọn nhiều tệp; mỗi tệp PDF, JPG, PNG, DOCX hoặc XLSX, tối đa 10 MB."),
        widget=MultipleFileInput(attrs={"accept": SCAN_ACCEPT}),
    )

    class Meta(ApplicationFieldsForm.Meta):
        fields = [name for name in Application.APPLICANT_FIELDS if name != "variant"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ON_BEHALF_REQUIRED:
            self.fields[name].required = True

    def clean_registration(self):
        upload = self.cleaned_data["registration"]
        check_upload(upload)
        return upload

    def clean_other_files(self):
        uploads = self.cleaned_data.get("other_files") or []
        for upload in uploads:
            try:
                check_upload(upload)
            except ValidationError as error:
                raise ValidationError(
                    _("Tệp “%(name)s”: %(reason)s") % {"name": upload.name, "reason": " ".join(error.messages)},
                    code=error.code,
                ) from error
        return uploads

    def attachments(self) -> list[tuple[str, UploadedFile]]:
        """The scanned papers as the filing service takes them: (kind, file)."""
        return [
            (ApplicationAttachment.Kind.BUSINESS_REGISTRATION, self.cleaned_data["registration"]),
            *((ApplicationAttachment.Kind.OTHER, upload) for upload in self.cleaned_data.get("other_files") or []),
        ]
