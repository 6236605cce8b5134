"""Forms of the public site (the eligibility self-check) and of the staff news pages."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beneficiaries.forms import CraftVillageChoiceField, commune_units, grouped_commune_choices
from beneficiaries.models import CraftVillage, LegalForm, Sector
from core.text import fold
from programs.models import SupportContent
from public.models import Announcement

# A legal form outside NĐ 45 Art. 1(2)(a): the self-check then answers "not, because…".
OTHER_LEGAL_FORM = "other"
# Room left in the 220-character slug for a "-2", "-3"… suffix.
SLUG_BASE_LENGTH = 200


class SelfCheckForm(forms.Form):
    """What the eligibility rule needs to know about a visitor's establishment; submitted by GET."""

    legal_form = forms.ChoiceField(label=_("Cơ sở của bạn là"))
    commune = forms.ModelChoiceField(queryset=None, label=_("Nơi sản xuất (xã, phường, đặc khu)"))
    sectors = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Ngành nghề sản xuất"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chọn mọi ngành nghề cơ sở đang sản xuất."),
    )
    craft_village = CraftVillageChoiceField(
        queryset=None,
        required=False,
        label=_("Làng nghề"),
        empty_label=_("— Không thuộc làng nghề —"),
        help_text=_("Cơ sở ở phường chỉ được hỗ trợ khi nằm trong làng nghề được công nhận."),
    )
    content = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Nội dung muốn được hỗ trợ"),
        empty_label=_("— Chưa chọn nội dung —"),
        help_text=_(
            "Đối tượng tùy nội dung: sản xuất sạch hơn và hạ tầng cụm công nghiệp không giới hạn địa bàn của cơ sở."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_form"].choices = [
            ("", gettext("— Chọn loại hình —")),
            *LegalForm.choices,
            (OTHER_LEGAL_FORM, gettext("Loại hình khác (doanh nghiệp lớn, cá nhân chưa đăng ký kinh doanh…)")),
        ]
        # The province (parent) is read by the ward rule: fetched with the commune.
        self.fields["commune"].queryset = commune_units().select_related("parent")
        # Set after the queryset: assigning a queryset resets the choices.
        self.fields["commune"].choices = grouped_commune_choices(
            commune_units(), gettext("— Chọn xã, phường hoặc đặc khu —")
        )
        self.fields["sectors"].queryset = Sector.objects.filter(active=True).order_by("code")
        self.fields["craft_village"].queryset = (
            CraftVillage.objects.filter(active=True).select_related("commune").order_by("name")
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.fields["content"].queryset = SupportContent.objects.filter(active=True).order_by("order", "code")
        self.helper.layout = Layout("legal_form", "commune", "craft_village", Field("sectors"), "content")

    def clean(self):
        cleaned = super().clean()
        commune, village = cleaned.get("commune"), cleaned.get("craft_village")
        if commune is not None and village is not None and village.commune_id != commune.pk:
            self.add_error(
                "craft_village",
                gettext("Làng nghề %(village)s không thuộc %(unit)s: hãy chọn lại nơi sản xuất hoặc làng nghề.")
                % {"village": village.name, "unit": commune},
            )
        return cleaned


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """An ASCII slug of the title ("Thông báo đợt 1" → "thong-bao-dot-1"), made unique with a suffix.

    One query: the slugs already taken that start with the same base.
    """
    base = slugify(fold(title))[:SLUG_BASE_LENGTH].strip("-") or "tin"
    taken = Announcement.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    used = set(taken.values_list("slug", flat=True))
    slug, number = base, 1
    while slug in used:
        number += 1
        slug = f"{base}-{number}"
    return slug


class AnnouncementForm(forms.ModelForm):
    """Title, address, summary, body and whether visitors see it; the address is made from the title if empty.

    A single row with no side effect: the form's own save is enough (no service).
    """

    # A plain text field: the slug validator would refuse "Thông báo mới" before clean_slug folds it.
    slug = forms.CharField(
        label=_("Đường dẫn"),
        max_length=SLUG_BASE_LENGTH,
        required=False,
        help_text=_("Để trống để tạo tự động từ tiêu đề (chữ không dấu, nối bằng gạch ngang)."),
        # The model's unique check reports with the form field's messages.
        error_messages={"unique": _("Đường dẫn này đã dùng cho tin khác: hãy chọn đường dẫn khác hoặc để trống.")},
    )

    class Meta:
        model = Announcement
        fields = ["title", "slug", "summary", "body", "published"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 12}),
        }
        help_texts = {
            "body": _("Văn bản thường; xuống dòng được giữ nguyên. Mã HTML không được hiển thị."),
            "published": _("Khi đăng, tin hiện trên trang chủ và trang Tin tức cho mọi người xem."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("title", "slug", "summary", "body", "published")

    def clean_slug(self):
        # People may type "Thông báo mới": keep it readable but ASCII.
        value = self.cleaned_data.get("slug") or ""
        return slugify(fold(value))[:SLUG_BASE_LENGTH].strip("-")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title") and "slug" not in self.errors:
            # The model's unique check runs after clean(), on the generated slug too.
            cleaned["slug"] = unique_slug(cleaned["title"], exclude_pk=self.instance.pk)
        return cleaned

    def save(self, commit: bool = True) -> Announcement:
        # The first publication dates the announcement; unpublishing keeps that date.
        if self.instance.published and self.instance.published_at is None:
            self.instance.published_at = timezone.now()
        return super().save(commit=commit)
