"""Answers old WordPress addresses with a 301 (see :mod:`byline.wordpress.redirects`)."""

from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse

from byline.wordpress import redirects


class WordPressRedirectMiddleware:
    """Like Django's redirects fallback: consulted only for 404s and WordPress's ``/?p=``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @staticmethod
    def own_prefixes() -> tuple[str, ...]:
        return tuple(
            f"/{prefix.strip('/')}/"
            for prefix in (settings.MEDIA_URL, settings.STATIC_URL, reverse("admin:index"))
        )

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
        if request.path.startswith(self.own_prefixes()):
            return response  # the admin's and the files' 404s are never old blog addresses
        try:
            target = redirects.for_path(request.path)
        except DatabaseError:
            return response  # the 404 page falls back without the database; so does this
        return HttpResponsePermanentRedirect(target) if target else response
