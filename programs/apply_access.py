"""Who may use the establishment's portal, and which application a user may see.

Every /apply/ page is for a verified establishment account; another establishment's
application answers 404, exactly like one that does not exist.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from beneficiaries.models import AccountStatus, EstablishmentAccount
from beneficiaries.roles import Role, has_role

from .models import Application


def _account_of(user) -> EstablishmentAccount | None:
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
        account = _account_of(request.user)
        if account is None:
            raise Http404
        if account.status != AccountStatus.VERIFIED:
            if kwargs:  # an application's page: nothing to see before verification
                raise Http404
            return render(request, "apply/pending.html", {"account": account})
        request.establishment = account.establishment
        return view(request, *args, **kwargs)

    return wrapped


def _get_application_for_user(request, uuid, *, queryset=None) -> Application:
    """The application `uuid` if it belongs to the user's establishment; 404 otherwise."""
    queryset = queryset if queryset is not None else Application.objects.all()
    return get_object_or_404(
        queryset.select_related("establishment", "content", "project"),
        uuid=uuid,
        establishment=request.establishment,
    )
