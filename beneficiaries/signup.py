"""An establishment's own account: sign-up, then verification or refusal by provincial staff.

One account speaks for one establishment. A sign-up whose tax code is already in the
registry is linked to that establishment without touching its data (staff keep the
registry); otherwise the sign-up creates the establishment. Either way the link waits
for a staff member, who compares the person with the establishment before any
application can be filed in its name.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries.models import AdministrativeUnit, Establishment, EstablishmentAccount
from beneficiaries.notifications import notify
from beneficiaries.roles import Role

# The establishment's portal (applications/urls.py, mounted at /apply/ by khuyencong/urls.py). Written out,
# not reversed: beneficiaries sits below applications and names none of its URLs.
PORTAL_HOME_URL = "/apply/"


def _centre() -> str:
    return settings.PORTAL["CENTRE"]


def _split_name(full_name: str) -> tuple[str, str]:
    """Vietnamese order: "Nguyễn Văn Tâm" → last_name "Nguyễn Văn", first_name "Tâm"."""
    words = full_name.split()
    if not words:
        return "", ""
    return " ".join(words[:-1])[:150], words[-1][:150]


def _email_taken(email: str) -> ValidationError:
    return ValidationError(
        {
            "email": ValidationError(
                _("Địa chỉ thư điện tử này đã được dùng để đăng ký. Hãy đăng nhập, hoặc dùng “Quên mật khẩu?”."),
                code="email_taken",
            )
        }
    )


def _account_exists(establishment: Establishment) -> ValidationError:
    return ValidationError(
        {
            "tax_code": ValidationError(
                _(
                    "Cơ sở có mã số thuế %(tax_code)s đã có tài khoản trên cổng (đang dùng hoặc đang chờ xác minh). "
                    "Mỗi cơ sở chỉ có một tài khoản: nếu người đại diện của cơ sở đã thay đổi, hãy liên hệ "
                    "%(centre)s để được chuyển tài khoản."
                ),
                code="account_exists",
                params={"tax_code": establishment.tax_code_display, "centre": _centre()},
            )
        }
    )


def _live_accounts(establishment: Establishment):
    return EstablishmentAccount.objects.filter(
        establishment=establishment,
        status__in=[EstablishmentAccount.Status.PENDING, EstablishmentAccount.Status.VERIFIED],
    )


@transaction.atomic
def account_sign_up(
    *,
    email: str,
    password: str,
    tax_code: str,
    name: str,
    legal_form: str,
    commune: AdministrativeUnit,
    phone: str,
    representative: str = "",
    sectors=(),
    site_url: str = "",
) -> EstablishmentAccount:
    """Create the user, link it (pending) to the establishment of `tax_code`, and tell staff.

    `tax_code` and `phone` come normalised (beneficiaries.validators). `site_url` (scheme and
    host, no trailing slash) makes the link in the staff e-mail absolute. Raises ValidationError
    keyed by form field when the e-mail is taken or the establishment already has an account.
    """
    email = email.strip().lower()
    users = get_user_model().objects
    if users.filter(username__iexact=email).exists() or users.filter(email__iexact=email).exists():
        raise _email_taken(email)
    representative = representative.strip() or email.split("@", 1)[0]
    last_name, first_name = _split_name(representative)
    try:
        # A savepoint: a concurrent sign-up with the same e-mail loses on the unique username.
        with transaction.atomic():
            user = users.create_user(
                username=email, email=email, password=password, first_name=first_name, last_name=last_name
            )
    except IntegrityError:
        raise _email_taken(email) from None
    user.groups.add(Group.objects.get(name=Role.ESTABLISHMENT))

    # Locked so that two sign-ups for one establishment cannot both pass the one-account check.
    establishment = Establishment.objects.select_for_update().filter(tax_code=tax_code).first()
    declared = ""
    if establishment is not None:
        if _live_accounts(establishment).exists():
            raise _account_exists(establishment)
        # The registry is the staff's: keep what the applicant declared beside the link instead.
        declared = _("Khai khi đăng ký: “%(name)s”, ĐT %(phone)s, người đại diện %(person)s.") % {
            "name": name,
            "phone": phone,
            "person": representative,
        }
    else:
        # Created after the user, so that `created_at >= date_joined` tells staff it is new.
        establishment = Establishment(
            name=name.strip(),
            legal_form=legal_form,
            tax_code=tax_code,
            representative=representative[:120],
            phone=phone,
            email=email,
            commune=commune,
            active=True,
        )
        establishment.full_clean()
        try:
            with transaction.atomic():
                establishment.save()
        except IntegrityError:
            # Another sign-up created this tax code a moment ago and holds the account.
            raise _account_exists(establishment) from None
        # The sectors make the eligibility answer: without one the application cannot be submitted.
        establishment.sectors.set(sectors)

    account = EstablishmentAccount(user=user, establishment=establishment, note=declared[:255])
    account.full_clean()
    account.save()

    path = reverse("staff:account_list") + "?status=pending"
    message = _("Tài khoản %(email)s chờ xác minh cho cơ sở “%(name)s” (MST %(tax_code)s).") % {
        "email": email,
        "name": establishment.name,
        "tax_code": establishment.tax_code_display,
    }
    body = "\n\n".join(
        [
            message,
            _("Cơ sở đã có trong danh sách trước khi đăng ký; không có dữ liệu nào bị thay đổi. %(declared)s")
            % {"declared": declared}
            if declared
            else _("Cơ sở chưa có trong danh sách và vừa được tạo từ thông tin người đăng ký khai."),
            _("Xác minh hoặc từ chối tại: %(url)s") % {"url": site_url + path},
        ]
    )
    staff = users.filter(groups__name=Role.STAFF, is_active=True).distinct()
    notify(
        users=staff,
        message=message,
        url=path,
        email_subject=_("Tài khoản cơ sở chờ xác minh: %(name)s") % {"name": establishment.name},
        email_body=body,
    )
    return account


@transaction.atomic
def account_verify(*, account: EstablishmentAccount, verified_by, note: str = "") -> EstablishmentAccount:
    """Let the account speak for its establishment, and tell its user."""
    account = (
        EstablishmentAccount.objects.select_for_update().select_related("establishment", "user").get(pk=account.pk)
    )
    if account.status == EstablishmentAccount.Status.VERIFIED:
        raise ValidationError(_("Tài khoản này đã được xác minh."), code="already_verified")
    if _live_accounts(account.establishment).exclude(pk=account.pk).exists():
        raise ValidationError(
            _("Cơ sở “%(name)s” đã có một tài khoản khác đang dùng hoặc chờ xác minh: hãy xử lý tài khoản đó trước."),
            code="other_account",
            params={"name": account.establishment.name},
        )
    account.status = EstablishmentAccount.Status.VERIFIED
    account.verified_by = verified_by
    account.verified_at = timezone.now()
    account.note = note.strip()[:255]
    account.save(update_fields=["status", "verified_by", "verified_at", "note"])
    message = _(
        "Tài khoản của bạn đã được xác minh: từ nay bạn có thể nộp hồ sơ đề nghị hỗ trợ khuyến công "
        "cho cơ sở “%(name)s”."
    ) % {"name": account.establishment.name}
    notify(
        users=[account.user],
        message=message,
        url=PORTAL_HOME_URL,
        email_subject=_("Tài khoản trên Cổng khuyến công đã được xác minh"),
        email_body="\n\n".join([message, _("Trân trọng,\n%(centre)s") % {"centre": _centre()}]),
    )
    return account


@transaction.atomic
def account_refuse(*, account: EstablishmentAccount, verified_by, reason: str) -> EstablishmentAccount:
    """Refuse a pending account (or withdraw a verified one), with the reason its user is told."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do từ chối: người đăng ký sẽ nhận được lý do này.")})
    account = (
        EstablishmentAccount.objects.select_for_update().select_related("establishment", "user").get(pk=account.pk)
    )
    if account.status == EstablishmentAccount.Status.REFUSED:
        raise ValidationError(_("Tài khoản này đã bị từ chối."), code="already_refused")
    account.status = EstablishmentAccount.Status.REFUSED
    account.verified_by = verified_by
    account.verified_at = timezone.now()
    account.note = reason[:255]
    account.save(update_fields=["status", "verified_by", "verified_at", "note"])
    message = _("Tài khoản của bạn không được xác minh cho cơ sở “%(name)s”. Lý do: %(reason)s") % {
        "name": account.establishment.name,
        "reason": account.note,
    }
    notify(
        users=[account.user],
        message=message,
        url=reverse("accounts:account_status"),
        email_subject=_("Tài khoản trên Cổng khuyến công không được xác minh"),
        email_body="\n\n".join(
            [
                message,
                _("Nếu cần trao đổi thêm, hãy liên hệ %(centre)s.") % {"centre": _centre()},
            ]
        ),
    )
    return account
