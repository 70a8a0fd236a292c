"""The floor: the least a Django page can cost here (bench/pages.py compares Byline to it).

A one-file Django project with the default middleware of ``startproject`` and one view that
renders a 20-item template, served by gunicorn like Byline: ``gunicorn floor_app``.
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="floor-benchmark-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
    ],
    # startproject's defaults, in its order.
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    DATABASES={},
    TEMPLATES=[
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [__file__.rsplit("/", 1)[0]],
            "OPTIONS": {
                "context_processors": [
                    "django.template.context_processors.request",
                    "django.contrib.messages.context_processors.messages",
                ]
            },
        }
    ],
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
)

ITEMS = [{"title": f"Item number {n}", "slug": f"item-{n}", "n": n} for n in range(20)]


def index(request: HttpRequest) -> HttpResponse:
    """Twenty items through a template, as a list page would."""
    return render(request, "floor.html", {"items": ITEMS})


urlpatterns = [path("", index)]
application = get_wsgi_application()
