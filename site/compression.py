"""Compressed HTML and feeds, kept away from pages where a compression side channel could leak.

BREACH-style attacks guess a secret that a page repeats on every response by reflecting the
attacker's guesses into the same page and watching the compressed size. Byline's public pages
hold no such secret: Django masks the CSRF token with a fresh random value on every response,
the comment form's signed timestamp and key change with every page load, and Django's
GZipMiddleware pads each response with random bytes ("Heal the Breach"). The admin is left
uncompressed all the same: it shows long-lived secrets (share-link tokens) beside text that
staff can be tricked into searching for, and it is not where speed matters.
"""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

#: Where responses stay uncompressed (URL namespaces and view names).
UNCOMPRESSED_NAMESPACE = "admin"
UNCOMPRESSED_VIEWS = {"articles:share"}


class PublicGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for every page except the admin and the share-link previews."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        match = request.resolver_match
        if match is not None and (
            UNCOMPRESSED_NAMESPACE in match.namespaces or match.view_name in UNCOMPRESSED_VIEWS
        ):
            return response
        return super().process_response(request, response)
