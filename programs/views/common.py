"""What every staff page shares: who may read or write, pagination, history."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404

from beneficiaries.roles import can_read_programme, is_staff_member

PAGE_SIZE = 25


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


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page of `queryset` (one COUNT query, then the page's rows)."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
