"""Staff pages that verify or refuse the accounts establishments open on the portal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beneficiaries.access import staff_read, staff_write
from beneficiaries.models import EstablishmentAccount
from beneficiaries.signup import account_refuse, account_verify
from beneficiaries.signup_forms import RefuseForm
from core.paging import paginate

Status = EstablishmentAccount.Status


def accounts_for_staff_list():
    """Accounts with user, establishment and verifier, pending first then newest (1 query per page).

    `in_registry`: the establishment existed before the user signed up. The sign-up service
    creates the user before a new establishment, so a new one never predates its account.
    """
    return (
        EstablishmentAccount.objects.select_related("user", "establishment", "verified_by")
        .annotate(
            in_registry=ExpressionWrapper(
                Q(establishment__created_at__lt=F("user__date_joined")), output_field=BooleanField()
            ),
            pending_first=Case(When(status=Status.PENDING, then=Value(0)), default=Value(1)),
        )
        .order_by("pending_first", "-user__date_joined", "-pk")
    )


@staff_read
def account_list(request):
    """All establishment accounts, filtered by status and text (3 queries: counts, page count, rows)."""
    accounts = accounts_for_staff_list()
    status = request.GET.get("status", "")
    if status in Status.values:
        accounts = accounts.filter(status=status)
    else:
        status = ""
    query = request.GET.get("q", "").strip()
    if query:
        accounts = accounts.filter(
            Q(user__email__icontains=query)
            | Q(establishment__name__icontains=query)
            | Q(establishment__tax_code__startswith=query)
        )
    counts = EstablishmentAccount.objects.aggregate(
        all=Count("pk"), **{value: Count("pk", filter=Q(status=value)) for value in Status.values}
    )
    page_obj = paginate(request, accounts)
    return render(
        request,
        "beneficiaries/staff/accounts.html",
        {
            "page_obj": page_obj,
            "accounts": page_obj.object_list,
            "status": status,
            "query": query,
            "tabs": [("", _("Tất cả"), counts["all"])]
            + [(value, label, counts[value]) for value, label in Status.choices],
        },
    )


@staff_write
@require_POST
def account_verify_view(request, pk: int):
    account = get_object_or_404(EstablishmentAccount.objects.select_related("user", "establishment"), pk=pk)
    try:
        account_verify(account=account, verified_by=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã xác minh tài khoản %(email)s cho cơ sở “%(name)s”; người dùng đã được thông báo.")
            % {"email": account.user.email, "name": account.establishment.name},
        )
    return redirect("staff:account_list")


@staff_write
@require_POST
def account_refuse_view(request, pk: int):
    account = get_object_or_404(EstablishmentAccount.objects.select_related("user", "establishment"), pk=pk)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do từ chối: người đăng ký sẽ nhận được lý do này."))
        return redirect("staff:account_list")
    try:
        account_refuse(account=account, verified_by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã từ chối tài khoản %(email)s; người dùng đã được thông báo lý do.") % {"email": account.user.email},
        )
    return redirect("staff:account_list")


urlpatterns = [
    path("accounts/", account_list, name="account_list"),
    path("accounts/<int:pk>/verify/", account_verify_view, name="account_verify"),
    path("accounts/<int:pk>/refuse/", account_refuse_view, name="account_refuse"),
]
