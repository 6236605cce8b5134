"""Small HTTP helpers every app's views share."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect


def form_action(page: str) -> Callable:
    """Mark a view as the URL a form posts to, whose page is the URL named `page` (same arguments).

    POST runs the view. When a POST fails validation the view answers with the page and its errors,
    and the browser keeps the action's address: a reload or a bookmark of it then GETs the action.
    Rather than a bare 405, GET (and HEAD) go back to the page. Any other method is 405.
    Put it under the access decorators, so that outsiders still get their 404 first.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                return redirect(page, *args, **kwargs)
            return HttpResponseNotAllowed(["POST"])

        return wrapped

    return decorator
