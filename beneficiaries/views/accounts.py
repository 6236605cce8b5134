"""The account pages of /accounts/: an establishment's sign-up and status, and every user's notifications."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beneficiaries.models import EstablishmentAccount, Notification
from beneficiaries.signup import account_sign_up
from beneficiaries.signup_forms import LoginForm, SignupForm

NOTIFICATIONS_PER_PAGE = 20


def signup(request):
    """Create an establishment's account, sign it in and show what happens next."""
    if request.user.is_authenticated:
        if hasattr(request.user, "establishment_account"):
            return redirect("accounts:account_status")
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = account_sign_up(
                email=data["email"],
                password=data["password1"],
                tax_code=data["tax_code"],
                name=data["name"],
                legal_form=data["legal_form"],
                commune=data["commune"],
                phone=data["phone"],
                representative=data["representative"],
                sectors=data["sectors"],
                site_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Two backends (axes, then the model backend): name the one that knows the user.
            login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("accounts:account_status")
    return render(request, "beneficiaries/accounts/signup.html", {"form": form})


@login_required
def account_status(request):
    """Where the user's establishment account stands: pending, verified or refused (with the reason)."""
    account = (
        EstablishmentAccount.objects.select_related("establishment", "establishment__commune")
        .filter(user=request.user)
        .first()
    )
    if account is None:
        raise Http404
    return render(request, "beneficiaries/accounts/status.html", {"account": account})


@login_required
def notification_list(request):
    """The user's notices, newest first (2 queries besides the session: count and page)."""
    notices = Notification.objects.filter(recipient=request.user)
    page_obj = Paginator(notices, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "beneficiaries/accounts/notifications.html",
        {"page_obj": page_obj, "notifications": page_obj.object_list},
    )


@login_required
@require_POST
def notification_mark_all_read(request):
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        messages.success(request, _("Đã đánh dấu tất cả thông báo là đã đọc."))
    return redirect("accounts:notifications")


@login_required
def notification_open(request, pk: int):
    """Mark one of the user's notices read and follow its link; another user's notice is a 404.

    Only paths of this site are followed ("/apply/…"), never another host, so a notice
    cannot become an open redirect.
    """
    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    url = notice.url
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect(url)
    return redirect("accounts:notifications")


@login_required
def notification_badge(request):
    """The navbar bell's unread count, loaded by htmx after the page (1 query besides the session).

    Fetched separately so that no page pays for it in its own query budget.
    """
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return render(request, "beneficiaries/partials/notification_badge.html", {"unread": unread})


# /accounts/login/: Django's view with the form that accepts an e-mail in any case.
login_view = LoginView.as_view(authentication_form=LoginForm)
