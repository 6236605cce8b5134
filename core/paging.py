"""Pagination of every list page."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PAGE_SIZE = 25


def paginate(request, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    """The requested page of `queryset` (one COUNT query, then the page's rows)."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
