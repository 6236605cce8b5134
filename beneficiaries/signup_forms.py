"""The sign-up form of an establishment, and the staff's refusal form: validate and normalise only."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beneficiaries.forms import commune_units, grouped_commune_choices
from beneficiaries.models import AdministrativeUnit, Establishment, LegalForm, Sector
from beneficiaries.validators import normalize_phone, normalize_tax_code


def _vietnamese(error: ValidationError) -> ValidationError:
    """Django's Vietnamese catalogue lacks the minimum-length message: say it here."""
    if error.code == "password_too_short":
        return ValidationError(
            _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự."), code=error.code, params=error.params
        )
    return error


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=150,
        help_text=_("Dùng để đăng nhập và nhận thông báo về hồ sơ."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự, không chỉ gồm chữ số, không quá dễ đoán."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # Longer than the stored digits: people type "6300 123 451-001".
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=30,
        help_text=Establishment._meta.get_field("tax_code").help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Tên cơ sở"), max_length=255)
    legal_form = forms.ChoiceField(label=_("Loại hình"), choices=())
    representative = forms.CharField(
        label=_("Họ tên người đại diện"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    commune = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), label=_("Xã/phường/đặc khu"))
    sectors = forms.ModelMultipleChoiceField(
        queryset=Sector.objects.none(),
        label=_("Ngành nghề sản xuất"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chọn ít nhất một ngành: khuyến công chỉ hỗ trợ các ngành nghề này."),
        error_messages={"required": _("Hãy chọn ít nhất một ngành nghề sản xuất.")},
    )
    phone = forms.CharField(
        label=_("Điện thoại"),
        max_length=30,
        help_text=_("Di động 10 số (09…, 03…) hoặc máy bàn có mã vùng (0293…)."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_form"].choices = [("", gettext("— Chọn loại hình —")), *LegalForm.choices]
        self.fields["commune"].queryset = commune_units()
        self.fields["sectors"].queryset = Sector.objects.filter(active=True).order_by("code")
        # Set last: assigning a queryset resets the choices.
        self.fields["commune"].choices = grouped_commune_choices(
            self.fields["commune"].queryset, gettext("— Chọn xã, phường hoặc đặc khu —")
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Tài khoản"),
                "email",
                Row(Column("password1", css_class="col-md-6"), Column("password2", css_class="col-md-6")),
            ),
            Fieldset(
                _("Cơ sở"),
                "tax_code",
                "name",
                Row(Column("legal_form", css_class="col-md-6"), Column("representative", css_class="col-md-6")),
                Row(Column("commune", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
                "sectors",
            ),
        )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_tax_code(self) -> str:
        return normalize_tax_code(self.cleaned_data["tax_code"])

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_representative(self) -> str:
        return " ".join(self.cleaned_data["representative"].split())

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", ValidationError(_("Hai mật khẩu không khớp nhau."), code="password_mismatch"))
        elif password1:
            # Compared with the e-mail and name, as Django's UserAttributeSimilarityValidator does.
            email = cleaned.get("email", "")
            person = get_user_model()(username=email, email=email, first_name=cleaned.get("representative", ""))
            try:
                password_validation.validate_password(password1, person)
            except ValidationError as error:
                self.add_error("password1", [_vietnamese(item) for item in error.error_list])
        return cleaned


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Người đăng ký sẽ nhận được lý do này."),
    )


class LoginForm(AuthenticationForm):
    """Django's login form, except that an e-mail address is matched in any letter case.

    Establishment accounts are named by their e-mail, stored in lower case at sign-up; staff
    accounts keep Django's exact usernames.
    """

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        return username.lower() if "@" in username else username
