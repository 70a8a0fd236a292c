"""Answers old WordPress addresses with a 301 (see :mod:`byline.wordpress.redirects`)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from byline.wordpress import redirects


class WordPressRedirectMiddleware:
    """Like Django's redirects fallback: consulted only for 404s and WordPress's ``/?p=``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path == "/"
            and redirects.QUERY_KEYS.intersection(request.GET)
            and (target := redirects.for_query(request.GET))
        ):
            return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        if target := redirects.for_path(request.path):
            return HttpResponsePermanentRedirect(target)
        return response
