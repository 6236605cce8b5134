"""Who may see or change what: the checks every view goes through.

- Staff pages: staff, leaders and administrators read; only staff and administrators write.
  Anyone else signed in gets 404, so an establishment's account learns nothing about which
  staff pages exist; a leader (a known, read-only member) gets 403 on a change.
- The establishment's portal: a verified establishment account only; a record of another
  establishment answers 404, exactly like one that does not exist.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from beneficiaries.models import AccountStatus, EstablishmentAccount
from beneficiaries.roles import Role, can_read_programme, has_role, is_staff_member

# What an establishment account sees while staff have not yet verified it.
PENDING_TEMPLATE = "beneficiaries/portal/pending.html"


def staff_read(view: Callable) -> Callable:
    """Staff, leaders and administrators may read; anonymous visitors go to login; others get 404."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not can_read_programme(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def staff_write(view: Callable) -> Callable:
    """Only staff and administrators may change data: leaders (read-only members) get 403."""

    @wraps(view)
    @staff_read
    def wrapped(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def account_of(user) -> EstablishmentAccount | None:
    """The user's establishment account with its establishment (one query), or None."""
    try:
        return EstablishmentAccount.objects.select_related(
            "establishment__commune__parent", "establishment__craft_village"
        ).get(user=user)
    except EstablishmentAccount.DoesNotExist:
        return None


def establishment_required(view: Callable) -> Callable:
    """Anonymous → login; not an establishment → 404; not yet verified → a waiting page.

    The verified account's establishment is put on `request.establishment`.
    """

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not has_role(request.user, Role.ESTABLISHMENT):
            raise Http404
        account = account_of(request.user)
        if account is None:
            raise Http404
        if account.status != AccountStatus.VERIFIED:
            if kwargs:  # a record's page: nothing to see before verification
                raise Http404
            return render(request, PENDING_TEMPLATE, {"account": account})
        request.establishment = account.establishment
        return view(request, *args, **kwargs)

    return wrapped


def get_owned_or_404(queryset: QuerySet, request, **lookup) -> Model:
    """The row of `queryset` matching `lookup` if it belongs to the request's establishment; 404 otherwise.

    For views behind `establishment_required`; `queryset`'s model has an `establishment` field.
    """
    return get_object_or_404(queryset, establishment=request.establishment, **lookup)
