"""Hostile HTTP requests for every public URL, as Hypothesis strategies.

Shared by the fuzz test (tests/byline/test_urls.py, through Django's test client) and
``bench/fuzz.py`` (over a socket, against a live server). A request is drawn as plain data
(method, percent-encoded path and query, headers, body) so both can send exactly the same thing.
"""

import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import quote_from_bytes

from django.core.signing import get_cookie_signer
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from hypothesis import strategies as st

from articles.models import Article, ShareLink
from comments import session
from comments.forms import issue_token
from comments.models import Comment
from comments.tasks import unsubscribe_token

CSRF_SECRET = "F" * 32  # a well-formed CSRF cookie; sent back as the form's token it passes

# Public pages of the admin (everything else in it needs a login and answers with a redirect).
ADMIN_ROUTES = [("admin:index", ["admin/"]), ("admin:login", ["admin/login/"])]

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "get", "PROPFIND"]
QUERY_NAMES = ["q", "page", "replytocom", "next", "preview", "format", "o", "p", "page_id"]
QUERY_NAMES += ["tag", "category_name", "feed"]  # what old WordPress addresses carry
FORM_FIELDS = [
    "text",
    "author_name",
    "author_email",
    "author_url",
    "notify_replies",
    "remember",
    "homepage",
    "parent",
    "token",
    "username",
    "password",
    "this_is_the_login_form",
]
CHARSETS = ["", "utf-8", "UTF-8", "utf-16", "utf-32", "latin-1", "ascii", "x-bogus", '"utf-8"']
NASTY = [
    "",
    "\x00",
    "a\x00b",
    "..",
    "../..",
    "..%2f",
    "%",
    "%%",
    "%zz",
    "%u0041",
    "\r\n",
    "\ufeff",
    "\u202e",
    "\U0001d54f",
    "😀",
    "<script>alert(1)</script>",
    "' OR 1=1--",
    "-1",
    "0",
    "1e9",
    "99999999999999999999999999",
    "9223372036854775808",
    "NaN",
    "null",
    "[]",
    "{}",
    '"\\000\\000\\000\\000\\000\\000\\000\\000"',  # a quoted cookie value: 8 NULs once parsed
    "javascript:alert(1)",
    "http://[::1",
    "mailto:",
    "a@b",
    "a" * 256,
    "ä" * 200,
    "x" * 5000,
]


@dataclass(frozen=True)
class Route:
    """One URL pattern as literal pieces and parameter names, alternating (literal first)."""

    name: str
    pieces: list[str]

    @property
    def parameters(self) -> list[str]:
        return self.pieces[1::2]


@dataclass
class FuzzRequest:
    """One request, as it goes on the wire (path and query already percent-encoded)."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    content_type: str = ""

    def __str__(self) -> str:
        body = self.body[:200]
        return (
            f"{self.method} {self.path[:300]} {self.headers!r:.300} [{self.content_type}] {body!r}"
        )


def _pieces(pattern: RoutePattern | RegexPattern) -> list[str]:
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        return re.split(r"<(?:\w+:)?(\w+)>", text)
    text = text.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    return re.split(r"\(\?P<(\w+)>[^)]*\)", text)


def _walk(patterns: list, prefix: list[str], namespace: str) -> Iterator[Route]:
    for entry in patterns:
        pieces = _pieces(entry.pattern)
        joined = [*prefix[:-1], prefix[-1] + pieces[0], *pieces[1:]] if prefix else pieces
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, joined, inner)
        elif isinstance(entry, URLPattern):
            yield Route(f"{namespace}{entry.name or entry.lookup_str}", joined)


def public_routes() -> list[Route]:
    """Every URL pattern readers can reach (the whole URLconf but the admin, plus its login)."""
    routes = list(_walk(get_resolver().url_patterns, [], ""))
    return routes + [Route(name, pieces) for name, pieces in ADMIN_ROUTES]


def _quote(raw: bytes) -> str:
    return quote_from_bytes(raw, safe="")


def nasty_bytes(max_size: int = 64) -> st.SearchStrategy[bytes]:
    """Bytes a hostile client might send where text is expected."""
    return st.one_of(
        st.text(max_size=max_size).map(str.encode),  # any Unicode but surrogates, as UTF-8
        st.text(st.characters(categories=["Cs", "Co", "Cn", "Cc"]), max_size=8).map(
            lambda text: text.encode("utf-8", "surrogatepass")  # lone surrogates: invalid UTF-8
        ),
        st.binary(max_size=max_size),
        st.sampled_from(NASTY).map(str.encode),
        st.sampled_from(["latin-1", "utf-16", "cp1252", "utf-32"]).flatmap(
            lambda codec: st.text(max_size=16).map(lambda text: text.encode(codec, "replace"))
        ),
    )


def values_for(known: list[str]) -> st.SearchStrategy[bytes]:
    """Mostly a real value (so the request reaches the view's logic), else anything."""
    if not known:
        return nasty_bytes()
    real = st.sampled_from(known).map(str.encode)
    kinds = {
        "real": real,
        "real, then junk": st.tuples(real, nasty_bytes(8)).map(lambda pair: pair[0] + pair[1]),
        "anything": nasty_bytes(),
    }
    # sampled_from draws about evenly; one_of would favour its first, simplest branches.
    return st.sampled_from(["real"] * 4 + ["real, then junk", "anything"]).flatmap(kinds.get)


@st.composite
def query_strings(draw: Callable) -> str:
    pairs = draw(
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from(QUERY_NAMES).map(str.encode), nasty_bytes(12)),
                nasty_bytes(),
            ),
            max_size=4,
        )
    )
    query = "&".join(f"{_quote(name)}={_quote(value)}" for name, value in pairs)
    if draw(st.integers(0, 9)) == 0:
        query += draw(st.sampled_from(["&%", "&&=", "&q=%zz", ";", "&q=%00", "&page=-1", "#x"]))
    return query


def _header_value(raw: bytes) -> str:
    # Header values travel as latin-1; line breaks would end the header.
    return raw.replace(b"\r", b"").replace(b"\n", b"").decode("latin-1")


@st.composite
def header_sets(draw: Callable, known: dict[str, list[str]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    cookies = []
    if draw(st.integers(0, 3)):
        cookies.append(f"csrftoken={CSRF_SECRET}")
    for name in draw(
        st.lists(
            st.sampled_from(["csrftoken", "sessionid", "comment_author", "comments_pending"]),
            max_size=3,
        )
    ):
        cookie_values = known.get(f"cookie:{name}", [])
        value = draw(values_for(cookie_values))
        cookies.append(f"{name}={_header_value(value)}")
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    optional = {
        "Host": ["testserver", "evil.example", "testserver:99999", "[::1", ""],
        "X-Forwarded-For": ["203.0.113.9, 10.0.0.1", "unknown", "::1"],
        "Accept-Language": ["en;q=0.8", "zz-ZZ"],
        "Referer": ["http://testserver/", "http://evil.example/"],
        "Origin": ["http://testserver", "null", "http://evil.example"],
        "If-Modified-Since": ["Sat, 29 Oct 1994 19:43:31 GMT", "yesterday"],
        "Range": ["bytes=0-10", "bytes=9-1", "bytes=-0"],
        "Accept": ["*/*", "application/json"],
        "User-Agent": ["Mozilla/5.0 (X11; Linux x86_64)", "curl/8.5.0"],
        "X-Requested-With": ["XMLHttpRequest"],
    }
    for name in draw(st.lists(st.sampled_from(sorted(optional)), max_size=3, unique=True)):
        values = known.get(f"header:{name}", optional[name])
        headers[name] = _header_value(draw(values_for(values)))
    if draw(st.integers(0, 19)) == 0:
        headers["X-Padding"] = "p" * draw(st.sampled_from([4000, 8000, 16000]))
    return headers


def _multipart(pairs: list[tuple[bytes, bytes]], boundary: bytes, file: bytes | None) -> bytes:
    parts = [
        b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, n, v)
        for n, v in pairs
    ]
    if file is not None:
        parts.append(
            b'--%s\r\nContent-Disposition: form-data; name="upload"; filename="%s"\r\n'
            b"Content-Type: image/png\r\n\r\n%s\r\n" % (boundary, file[:40], file)
        )
    return b"".join(parts) + b"--%s--\r\n" % boundary


@st.composite
def bodies(draw: Callable, known: dict[str, list[str]]) -> tuple[bytes, str]:
    """A request body and its Content-Type: forms in odd charsets, multipart, broken or none."""
    kind = draw(st.sampled_from(["none", *["form"] * 3, *["multipart"] * 2, "broken", "other"]))
    if kind == "none":
        return b"", ""
    # Half the forms start complete and valid, then up to two fields are spoiled (a wholly
    # random form rarely gets past validation); the other half are random fields.
    complete = [name for name in FORM_FIELDS if f"field:{name}" in known]
    if complete and draw(st.booleans()):
        spoiled = draw(st.sets(st.sampled_from(FORM_FIELDS), max_size=2))
        names = [*complete, *sorted(spoiled - set(complete))]
    else:
        names = draw(st.lists(st.sampled_from(FORM_FIELDS), max_size=8, unique=True))
        spoiled = set(names)
    pairs = [
        (
            name.encode(),
            draw(values_for(known.get(f"field:{name}", [])))
            if name in spoiled
            else known[f"field:{name}"][0].encode(),
        )
        for name in names
    ]
    if draw(st.integers(0, 3)):
        pairs.append((b"csrfmiddlewaretoken", CSRF_SECRET.encode()))
    charset = draw(st.one_of(st.just(""), st.just("utf-8"), st.sampled_from(CHARSETS)))
    if kind == "form":
        body = "&".join(f"{_quote(name)}={_quote(value)}" for name, value in pairs).encode()
        content_type = "application/x-www-form-urlencoded"
        return body, f"{content_type}; charset={charset}" if charset else content_type
    if kind == "multipart":
        boundary = draw(st.sampled_from([b"BoUnDaRy", b"x" * 70, b"b" * 200, b"'\"", b"\xe4"]))
        file = draw(st.none() | st.binary(max_size=64))
        body = _multipart(pairs, boundary, file)
        content_type = f"multipart/form-data; boundary={boundary.decode('latin-1')}"
        return body, f"{content_type}; charset={charset}" if charset else content_type
    if kind == "broken":
        content_type = draw(
            st.sampled_from(
                [
                    "multipart/form-data",
                    "multipart/form-data; boundary=",
                    "multipart/form-data; boundary=x",
                    "multipart/form-data; boundary=" + "y" * 1000,
                    "application/x-www-form-urlencoded; charset",
                    "application/x-www-form-urlencoded;;;",
                    "=",
                    "",
                ]
            )
        )
        body = draw(
            st.one_of(
                st.binary(max_size=200),
                st.just(b'--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nhi'),
                st.just(b"--x\r\nContent-Disposition: form-data\r\n\r\n--x--\r\n"),
                st.just(b"--x--\r\n"),
            )
        )
        return body, content_type
    content_type = draw(st.sampled_from(["application/json", "text/plain", "text/xml", "a/b"]))
    return draw(st.binary(max_size=200)), content_type


@st.composite
def requests(
    draw: Callable,
    routes: list[Route],
    known: dict[str, list[str]],
    methods: list[str] = METHODS,
) -> FuzzRequest:
    """Any request to one of ``routes``; ``known`` gives real values for path parameters
    (by name), form fields (``field:name``) and cookies (``cookie:name``)."""
    route = draw(st.sampled_from(routes))
    path = route.pieces[0]
    for name, literal in zip(route.parameters, route.pieces[2::2], strict=True):
        path += _quote(draw(values_for(known.get(name, [])))) + literal
    path = "/" + path
    if draw(st.integers(0, 3)) == 0:
        path += "?" + draw(query_strings())
    method = draw(st.sampled_from(methods))
    headers = draw(header_sets(known))
    body, content_type = draw(bodies(known)) if method not in {"GET", "HEAD"} else (b"", "")
    return FuzzRequest(method, path, headers, body, content_type)


def _signed_cookie(name: str, salt: str, value: object) -> str:
    signed = get_cookie_signer(salt=name + salt).sign(json.dumps(value))
    cookie = SimpleCookie()
    cookie[name] = signed
    return cookie[name].coded_value


def known_values(
    *, article: Article, comment: Comment, share_link: ShareLink, media_path: str
) -> dict[str, list[str]]:
    """Real values for path parameters, form fields and cookies, so fuzzed requests get past
    the first lookup; ``article`` is published and ``comment`` is an approved one on it."""
    return {
        "slug": [article.slug, article.category.slug, *article.tags.values_list("slug", flat=True)],
        "username": [article.author.get_username()],
        "token": [share_link.token, unsubscribe_token(comment.pk)],
        "article_id": [str(article.pk)],
        "path": [media_path],
        "field:text": ["A fair point, well made."],
        "field:author_name": ["Reader"],
        "field:author_email": ["reader@example.org"],
        "field:author_url": ["https://example.org/"],
        "field:parent": [str(comment.pk)],
        "field:token": [issue_token(article, issued_at=time.time() - 60)],
        "field:notify_replies": ["on"],
        "cookie:comments_pending": [
            _signed_cookie(session.OWN_COOKIE, session.OWN_SALT, value)
            for value in ([comment.pk], [10**30, -1], {"a": 1}, "x")
        ],
        "cookie:comment_author": [
            _signed_cookie(session.AUTHOR_COOKIE, session.AUTHOR_SALT, value)
            for value in ({"author_name": "\x00" * 3, "author_email": 1}, [1], None)
        ],
    }
