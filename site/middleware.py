"""Middleware of the whole site."""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class RefuseNulInHeadersMiddleware:
    """Answers 400 to a request with a NUL in a header value.

    Such a header is invalid HTTP (RFC 9110, section 5.5) and PostgreSQL can neither store nor
    compare the text: the login throttle stores User-Agent and Accept with each failed login,
    which turned such a request into a 500. Refused once here, no view has to think of it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, value in request.META.items():
            if (name.startswith("HTTP_") or name == "CONTENT_TYPE") and "\x00" in str(value):
                raise BadRequest("A header value holds a NUL character.")
        return self.get_response(request)
