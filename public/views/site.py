"""The public site, open to anyone: support contents, the eligibility self-check, how to apply, news."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from beneficiaries.eligibility import check_eligibility
from core.paging import paginate
from programs.content_selectors import contents_with_rules_in_force
from programs.eligibility import content_check_eligibility, contents_without_location_limit
from public.forms import SelfCheckForm
from public.selectors import latest_announcements, published_announcements

NEWS_PAGE_SIZE = 10


def home(request):
    """What khuyến công is, who qualifies, how to apply, and the latest news (one query, plus the user's)."""
    return render(request, "public/site/home.html", {"announcements": latest_announcements()})


@require_safe
def support(request):
    """Every active support content with its national rules in force today (two queries).

    Visitors see the base ceilings: a priority raises one only when the review records
    a ground, so the page says so in a sentence instead of showing a raised figure.
    Figures not yet checked against the official text get one note on the page.
    """
    today = timezone.localdate()
    contents = list(contents_with_rules_in_force(day=today))
    rules = [rule for content in contents for rule in content.rules_in_force]
    return render(
        request,
        "public/site/support.html",
        {
            "contents": contents,
            "today": today,
            "any_unconfirmed": any(not rule.confirmed for rule in rules),
            "any_priority": any(rule.priority_multiplier > 1 and rule.amount_cap is not None for rule in rules),
        },
    )


@require_safe
def self_check(request):
    """The eligibility self-check: a GET form, so that an answer can be bookmarked or shared.

    The answer comes from the same rule staff use for the registry (`check_eligibility`), for the
    content chosen: a content without place limits (cleaner production…) accepts a ward outside a
    craft village. Without a content, a place refusal lists the contents still open.
    """
    submitted = any(name in request.GET for name in SelfCheckForm.base_fields)
    form = SelfCheckForm(request.GET if submitted else None)
    result, content, open_contents = None, None, []
    if submitted and form.is_valid():
        data = form.cleaned_data
        content = data["content"]
        facts = {
            "legal_form": data["legal_form"],
            "commune": data["commune"],
            "craft_village": data["craft_village"],
            "sectors": list(data["sectors"]),
        }
        result = content_check_eligibility(content, **facts)
        if not result and content is None and check_eligibility(**facts, location_limited=False):
            # Only the place stands in the way: the contents without a place limit remain open.
            open_contents = contents_without_location_limit()
    return render(
        request,
        "public/site/self_check.html",
        {"form": form, "result": result, "content": content, "open_contents": open_contents},
    )


@require_safe
def how_to_apply(request):
    """The steps, the documents to prepare and the yearly calendar (no query)."""
    return render(request, "public/site/how_to_apply.html")


@require_safe
def news_list(request):
    """Published announcements, newest first (a count and a page of rows)."""
    page_obj = paginate(request, published_announcements(), per_page=NEWS_PAGE_SIZE)
    return render(request, "public/site/news_list.html", {"page_obj": page_obj})


@require_safe
def news_detail(request, slug: str):
    """One published announcement; an unpublished one does not exist for visitors (404)."""
    announcement = get_object_or_404(published_announcements(), slug=slug)
    return render(request, "public/site/news_detail.html", {"announcement": announcement})
