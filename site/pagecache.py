"""The page cache: readers' pages kept for every worker, purged by exactly what each one shows.

**Dependencies.** While a cacheable page renders, whatever it shows says so: an article link
records ``article:<id>`` (``Article.get_absolute_url``), a list records the set it walks
(``list:site``, ``list:category:<id>``...), an article page records ``page:<id>`` (its
comments, related links, neighbours). Each such tag has a *version* in a second cache: a token
holding the moment it was set and a random part. A page is stored with the versions of all its
tags; it is served only while every one of them is unchanged. A change replaces the versions
of the tags it touches (after its transaction commits), so every page showing it, and only
those, renders again on its next request. ``all`` is part of every page (site settings, the
header's categories, ``manage.py purge_pages --all``).

**Why it cannot serve a stale page.** A page stores versions read *after* it rendered, and is
not stored at all when one of them is newer than the moment rendering began: a change
committed during the render (whose purge may land just after the render read the database) is
never cached under the versions of after it. A version that was already set before rendering
began was set after its change committed, so the render saw the change. Versions never expire
and are never culled (see ``settings.CACHES``); a missing one is re-created as "older than
everything", which no stored page holds, so those pages render again.

**Time.** A scheduled article goes public without a write: each request looks up when the next
scheduled article is due (one key, read with the versions); once that time has passed, the
first request to notice purges what the newly public articles show, as publishing would, and
looks up the next one (two indexed queries, then cached; rechecked at least every minute in
case a schedule set meanwhile was overwritten). A page may also end its own life at a set time
(:func:`valid_until`: comments closing after N days).

**Secrets.** A cached page holds no per-reader secret. The comment form's CSRF token and signed
time are *slots* (:func:`slot`), filled on every response, cached or not, for that reader.
Readers with their own state (a session, remembered details, their pending comments) bypass the
cache.
"""

import functools
import hashlib
import re
import secrets
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.http import http_date

PAGES = "pages"  # the rendered pages (culled when full: a culled page only renders again)
VERSIONS = "page_versions"  # one token per tag (never culled: see the module's docstring)
SCHEDULE_KEY = "pagecache:schedule"
#: How long a page may be kept at most; after a lost schedule note, the go-live check looks
#: this far back, since no older page survives.
PAGE_TIMEOUT = 24 * 3600
#: A schedule note overwritten by a concurrent check is corrected within this many seconds.
SCHEDULE_RECHECK = 60
#: What shared caches (a CDN) may keep a public page for; browsers revalidate every time.
SHARED_MAX_AGE = 300
#: Cookies that make a page the reader's own: it is neither served from the cache nor stored.
BYPASS_COOKIES: set[str] = {settings.SESSION_COOKIE_NAME, "messages"}
#: Headers a stored page keeps; the rest are the request's own (cookies, Vary from a session).
_DROPPED_HEADERS = {"set-cookie", "vary", "date", "expires", "cache-control", "content-length"}

_recorder: ContextVar["Recorder | None"] = ContextVar("pagecache_recorder", default=None)
#: When the request being served began (see fragment()); None outside a request.
_request_began: ContextVar[float | None] = ContextVar("pagecache_request_began", default=None)


# --- What a page shows -------------------------------------------------------------------------


@dataclass
class Recorder:
    """The tags a rendering page depends on, and until when it may be kept."""

    coarse: bool = False  # one tag stands for every article it lists (the sitemap)
    tags: set[str] = field(default_factory=set)
    expires_at: float | None = None


def depends_on(*tags: str) -> None:
    """Note that the page being rendered for the cache shows what these tags stand for."""
    recorder = _recorder.get()
    if recorder is not None:
        recorder.tags.update(tags)


def shows_article(article_id: int) -> None:
    """Note that the page being rendered shows an article (its link, title or state)."""
    recorder = _recorder.get()
    if recorder is not None and not recorder.coarse:
        recorder.tags.add(f"article:{article_id}")


def valid_until(moment: datetime) -> None:
    """Note that the page being rendered changes at ``moment`` by itself (no write to purge it)."""
    recorder = _recorder.get()
    if recorder is not None:
        stamp = moment.timestamp()
        recorder.expires_at = (
            stamp if recorder.expires_at is None else min(recorder.expires_at, stamp)
        )


def is_recording() -> bool:
    """Whether the page being rendered is going into the cache (so it must hold no secret)."""
    return _recorder.get() is not None


# --- Slots: per-reader values filled into every response ---------------------------------------

SlotFiller = Callable[[HttpRequest, str], str]
_slot_fillers: dict[str, SlotFiller] = {"csrf": lambda request, arg: get_token(request)}


@functools.cache
def _slot_pattern(secret_key: str) -> tuple[str, re.Pattern[bytes]]:
    # Derived from the secret key, so no reader can type a slot into a comment.
    digest = salted_hmac("byline.pagecache.slot", "marker", secret=secret_key, algorithm="sha256")
    marker = "pcslot" + digest.hexdigest()[:12]
    return marker, re.compile(rb"%s\.(\w+)\.(\w*)\." % marker.encode())


def _slot_marker() -> str:
    return _slot_pattern(settings.SECRET_KEY)[0]


def register_slot(name: str, filler: SlotFiller) -> None:
    """Let templates leave a ``name`` slot in cached pages, filled per response by ``filler``."""
    _slot_fillers[name] = filler


def slot(name: str, arg: object = "") -> str:
    """A placeholder for a per-reader value in a page rendered for the cache."""
    return f"{_slot_marker()}.{name}.{arg}."


def fill_slots(request: HttpRequest, text: str) -> str:
    """``text`` (a kept piece of a page) with its slots filled for this reader."""
    return _fill_slots(request, text.encode()).decode()


def _fill_slots(request: HttpRequest, content: bytes) -> bytes:
    pattern = _slot_pattern(settings.SECRET_KEY)[1]

    def fill(match: re.Match[bytes]) -> bytes:
        filler = _slot_fillers[match[1].decode()]
        return filler(request, match[2].decode()).encode()

    return pattern.sub(fill, content)


# --- Versions ----------------------------------------------------------------------------------


def _version_key(tag: str) -> str:
    return f"pagecache:v:{tag}"


def _new_version(at: float | None = None) -> str:
    return f"{time.time() if at is None else at:.6f}:{secrets.token_hex(4)}"


def _version_time(version: str) -> float:
    return float(version.partition(":")[0])


def purge(tags: Iterable[str]) -> None:
    """Mark every page showing any of ``tags`` as out of date, now."""
    tags = set(tags)
    if tags:
        caches[VERSIONS].set_many({_version_key(tag): _new_version() for tag in tags}, timeout=None)
        _new_epoch()


def purge_on_commit(tags: Iterable[str], *, using: str = "default") -> None:
    """Purge ``tags`` once the current transaction commits (at once outside one)."""
    tags = set(tags)
    if tags:
        # Robust: the change is committed by now; a failed purge is logged rather than turning
        # a successful save into an error page (the pages age out after PAGE_TIMEOUT).
        transaction.on_commit(lambda: purge(tags), using=using, robust=True)


def on_commit(function: Callable[[], None], *, using: str = "default") -> None:
    """Run a purge (that may need queries) once the current transaction commits."""
    transaction.on_commit(function, using=using, robust=True)


def purge_everything() -> None:
    """Every cached page renders again on its next request."""
    purge(["all"])


def purge_path(path: str) -> None:
    """The cached copies of one address (any host, any query string) render again."""
    purge([f"path:{path}"])


def _versions(tags: Iterable[str]) -> dict[str, str]:
    """The current version of each tag; a missing one is created as older than any page."""
    keys = {_version_key(tag): tag for tag in tags}
    found = caches[VERSIONS].get_many(list(keys))
    missing = [key for key in keys if key not in found]
    for key in missing:
        caches[VERSIONS].add(key, _new_version(at=0.0), timeout=None)
    if missing:
        found.update(caches[VERSIONS].get_many(missing))
    return {keys[key]: value for key, value in found.items()}


# --- The epoch: what each worker may keep in memory ----------------------------------------------
#
# Every write to the versions (a purge, a schedule note) ends by setting a new epoch. A worker
# keeps the pages (and the schedule note) it has verified under the epoch it read before
# verifying them; while the epoch is unchanged nothing was purged since, so a hit costs one
# read of the epoch. A purge racing a verification sets its versions before its epoch: either
# the verification saw the new versions (the page is not kept) or the worker's next read sees
# the new epoch and forgets what it kept.

EPOCH_KEY = "pagecache:epoch"
MEMO_SIZE = 200  # pages kept in each worker's memory (about 20 KB each)...
MEMO_BYTES = 8 * 1024 * 1024  # ...and their bodies' bytes at most (a sitemap section is ~200 KB)


def _new_epoch() -> None:
    caches[VERSIONS].set(EPOCH_KEY, _new_version(), timeout=None)


def _current_epoch() -> str:
    epoch = caches[VERSIONS].get(EPOCH_KEY)
    if epoch is None:
        caches[VERSIONS].add(EPOCH_KEY, _new_version(), timeout=None)
        epoch = caches[VERSIONS].get(EPOCH_KEY)
    return epoch


@dataclass
class _Memo:
    """What this worker verified under one epoch."""

    epoch: str = ""
    pages: dict[str, "Entry"] = field(default_factory=dict)
    schedule: dict[str, Any] | None = None
    values: dict[str, Any] = field(default_factory=dict)  # see kept()
    fragments: set[str] = field(default_factory=set)  # see fragment(): verified under it
    size: int = 0  # bytes of the pages' bodies

    def at(self, epoch: str) -> "_Memo":
        if epoch != self.epoch:
            self.epoch, self.pages, self.schedule, self.values = epoch, {}, None, {}
            self.fragments = set()
            self.size = 0
        return self


_memo = _Memo()


# --- Scheduled articles going public ------------------------------------------------------------


def note_schedule(moment: datetime) -> None:
    """An article will go public at ``moment``: make sure the next check happens by then."""
    stamp = moment.timestamp()
    state = caches[VERSIONS].get(SCHEDULE_KEY)
    if state is not None and (state["next"] is None or stamp < state["next"]):
        caches[VERSIONS].set(SCHEDULE_KEY, {**state, "next": stamp}, timeout=None)
        _new_epoch()


def _publish_due(now: float, state: dict[str, Any] | None) -> None:
    from byline import invalidation  # the articles' rules; imported late, at the first check

    since = state["checked"] if state else now - PAGE_TIMEOUT
    upcoming = invalidation.went_public_between(since, now)
    caches[VERSIONS].set(SCHEDULE_KEY, {"checked": now, "next": upcoming}, timeout=None)
    _new_epoch()


def _schedule_is_due(state: dict[str, Any] | None, now: float) -> bool:
    if state is None or now - state["checked"] >= SCHEDULE_RECHECK:
        return True
    return state["next"] is not None and now >= state["next"]


# --- Site-wide values each worker keeps -----------------------------------------------------------

#: name -> (the versions of its tags when it was computed, the value)
_kept: dict[str, tuple[dict[str, str], Any]] = {}


def kept[T](name: str, tags: Iterable[str], compute: Callable[[], T]) -> T:
    """``compute()``, kept in this worker's memory until one of ``tags`` is purged.

    For what nearly every page shows and rarely changes (the settings rows, the header's
    categories): the versions that decide when a cached page is stale decide it for the value
    too, so the purges that refresh those pages refresh it, and a scheduled article's time
    coming is noticed the same way. While nothing was purged (the epoch is unchanged) it costs
    one read of the epoch. The versions are read *before* computing, so a change committed
    meanwhile leaves a value that the change's purge (after the commit) makes stale. Inside a
    transaction it is computed afresh and not kept: the writer must see its own change, and
    what it reads may yet be rolled back.
    """
    if transaction.get_connection(DEFAULT_DB_ALIAS).in_atomic_block:
        return compute()
    now = time.time()
    memo = _memo.at(_current_epoch())
    epoch = memo.epoch
    if name in memo.values and not _schedule_is_due(memo.schedule, now):
        return memo.values[name]
    state = caches[VERSIONS].get(SCHEDULE_KEY)
    if _schedule_is_due(state, now):
        _publish_due(now, state)
        state = caches[VERSIONS].get(SCHEDULE_KEY)
    versions = _versions(tags)
    held = _kept.get(name)
    if held is not None and held[0] == versions:
        value = held[1]
    else:
        value = compute()
        _kept[name] = (versions, value)
    if memo.epoch == epoch:  # nothing reset it meanwhile (threads)
        memo.values[name] = value
        memo.schedule = state
    return value


# --- Fragments: pieces of pages each worker keeps ---------------------------------------------


@dataclass
class _Fragment:
    """A rendered piece of a page, with the versions of what it shows and when it expires."""

    value: Any
    versions: dict[str, str]
    expires_at: float
    size: int


#: key -> fragment; emptied when its values pass FRAGMENT_BYTES (a few hundred bodies).
_fragments: dict[str, _Fragment] = {}
_fragments_size = 0
FRAGMENT_BYTES = 16 * 1024 * 1024


def fragment[T](
    key: str, tags: Iterable[str], compute: Callable[[], T], *, size: Callable[[T], int] = len
) -> T:
    """``compute()``, a piece of a page kept in this worker's memory while what it shows holds.

    For pure derivations of saved rows that cost a page much to build (an article's body with
    its links). It follows the same rule as a cached page: ``tags``, ``all`` and whatever the
    computation notes (``depends_on``, ``shows_article``, ``valid_until``) decide when it is
    stale, so the purges that refresh the pages showing it refresh it too, and a scheduled
    article's time coming is noticed the same way. ``key`` must name everything else it is
    built from (the row's own text, the page number). It must hold nothing of one reader: every
    reader of the page gets it. While nothing was purged (the epoch is unchanged) a kept one
    costs one read of the epoch. Inside a transaction it is built afresh and not kept. A page
    being recorded for the page cache depends on the fragment's tags as if it had built it.
    ``size``: about how many bytes the value holds (its length for a string).

    A fragment is often built from rows the request read before asking for it (the article and
    what it joins), so it is kept only if none of its tags changed since the request began: a
    change that committed after those reads, with its purge landing before the fragment was
    built, would otherwise be kept under the new versions with the old rows.
    """
    global _fragments_size
    if transaction.get_connection(DEFAULT_DB_ALIAS).in_atomic_block:
        return compute()
    now = time.time()
    memo = _memo.at(_current_epoch())
    epoch = memo.epoch
    held = _fragments.get(key)
    if held is not None and now < held.expires_at:
        fresh = key in memo.fragments and not _schedule_is_due(memo.schedule, now)
        if not fresh:
            state = caches[VERSIONS].get(SCHEDULE_KEY)
            if _schedule_is_due(state, now):
                _publish_due(now, state)
                state = caches[VERSIONS].get(SCHEDULE_KEY)
            fresh = _versions(held.versions) == held.versions
            if fresh and memo.epoch == epoch:  # nothing reset it meanwhile (threads)
                memo.fragments.add(key)
                memo.schedule = state
        if fresh:
            _note(held.versions, held.expires_at)
            return held.value
    recorder = Recorder()
    recorder.tags.update({"all", *tags})
    token = _recorder.set(recorder)
    try:
        value = compute()
    finally:
        _recorder.reset(token)
    _note(recorder.tags, recorder.expires_at)
    # Versions read after building it; not kept when a change landed since the request began
    # (as for pages), since what it was built from may have been read that early.
    versions = _versions(recorder.tags)
    began = min(now, _request_began.get() or now)
    if all(_version_time(version) < began for version in versions.values()):
        if (old := _fragments.pop(key, None)) is not None:
            _fragments_size -= old.size
        weight = size(value)
        if _fragments_size + weight > FRAGMENT_BYTES:
            _fragments.clear()
            _fragments_size = 0
        # At most as long as a cached page is kept, so no piece outlives the pages it is in.
        expires_at = min(recorder.expires_at or now + PAGE_TIMEOUT, now + PAGE_TIMEOUT)
        _fragments[key] = _Fragment(value, versions, expires_at, weight)
        _fragments_size += weight
    return value


def _note(tags: Iterable[str], expires_at: float | None) -> None:
    """Pass what a fragment shows on to the page being recorded, if one is."""
    recorder = _recorder.get()
    if recorder is not None:
        recorder.tags.update(tags)
        if expires_at is not None:
            recorder.expires_at = (
                expires_at if recorder.expires_at is None else min(recorder.expires_at, expires_at)
            )


def forget_kept() -> None:
    """Drop every value and fragment this worker keeps (tests: another test's rows)."""
    global _fragments_size
    _kept.clear()
    _memo.values.clear()
    _memo.fragments.clear()
    _fragments.clear()
    _fragments_size = 0


class UnculledFileCache(FileBasedCache):
    """Django's file cache that never drops entries to make room (for the page versions)."""

    def _cull(self) -> None:
        # Culling deletes a third of the files at random, and lists the directory on every
        # write to decide; versions are a few dozen bytes each and must never vanish unseen.
        return


# --- Storing and serving pages ------------------------------------------------------------------


@dataclass
class Entry:
    """One stored page: its body (with slots), headers, and the versions it was rendered with."""

    content: bytes
    headers: dict[str, str]
    versions: dict[str, str]
    stored_at: float
    expires_at: float
    etag: str
    has_slots: bool


def cacheable(view: Callable, *, coarse_tag: str = "") -> Callable:
    """A view whose readers' GETs the page cache may serve.

    ``coarse_tag``: the view lists too many articles to note each (the sitemap); its pages
    depend on this one tag instead, purged whenever any of them would be.
    """

    @functools.wraps(view)
    def cached_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if coarse_tag:
            depends_on(coarse_tag)
        return view(request, *args, **kwargs)

    cached_view.page_cache = "coarse" if coarse_tag else True
    return cached_view


def _timeout(recorder: Recorder) -> int:
    if recorder.expires_at is None:
        return PAGE_TIMEOUT
    return min(PAGE_TIMEOUT, int(recorder.expires_at - time.time()))


def _etag(key: str, versions: dict[str, str]) -> str:
    # The same while nothing the page shows changes; the filled slots don't count (weak).
    digest = hashlib.sha256((key + "|".join(sorted(versions.values()))).encode())
    return f'W/"{digest.hexdigest()[:24]}"'


def _page_key(request: HttpRequest) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


def _cache_control(response: HttpResponseBase, *, private: bool) -> None:
    if private:
        # Filled with this reader's CSRF token: no shared cache may hand it to anyone else.
        response["Cache-Control"] = "private, no-cache"
    else:
        response["Cache-Control"] = f"public, max-age=0, s-maxage={SHARED_MAX_AGE}, must-revalidate"


class PageCacheMiddleware:
    """Serve readers' pages from the page cache; render, record and store them on a miss.

    Sits high in the stack (under GZip) so a hit skips sessions, auth and the view; the CSRF
    cookie a filled comment form needs is handled here, with Django's own middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = _request_began.set(time.time())  # for the fragments it builds
        try:
            return self._serve(request)
        finally:
            _request_began.reset(token)

    def _serve(self, request: HttpRequest) -> HttpResponseBase:
        mode = self._mode(request)
        if mode is None:
            return self.get_response(request)
        key = _page_key(request)
        now = time.time()
        memo = _memo.at(_current_epoch())
        if memo.schedule is not None and not _schedule_is_due(memo.schedule, now):
            entry = memo.pages.get(key)
            if entry is not None and now < entry.expires_at:
                return self._hit(request, entry)
        epoch = memo.epoch
        entry = caches[PAGES].get(key)
        tags = ["all", *entry.versions] if entry else ["all"]
        wanted = [_version_key(tag) for tag in tags] + [SCHEDULE_KEY]
        found = caches[VERSIONS].get_many(wanted)
        state = found.get(SCHEDULE_KEY)
        if _schedule_is_due(state, now):
            _publish_due(now, state)
            found = caches[VERSIONS].get_many(wanted)
            state = found.get(SCHEDULE_KEY)
        if memo.epoch == epoch:  # nothing else reset it meanwhile (threads)
            memo.schedule = state
        if entry is not None and all(
            found.get(_version_key(tag)) == version for tag, version in entry.versions.items()
        ):
            if memo.epoch == epoch:
                if len(memo.pages) >= MEMO_SIZE or memo.size + len(entry.content) > MEMO_BYTES:
                    memo.pages.clear()
                    memo.size = 0
                memo.pages[key] = entry
                memo.size += len(entry.content)
            return self._hit(request, entry)
        return self._render(request, key, mode, now)

    def _hit(self, request: HttpRequest, entry: "Entry") -> HttpResponseBase:
        response = self._respond(request, entry)
        response["X-Page-Cache"] = "hit"
        return response

    def _mode(self, request: HttpRequest) -> bool | str | None:
        if request.method not in ("GET", "HEAD") or not getattr(settings, "PAGE_CACHE", True):
            return None
        if any(name in request.COOKIES for name in BYPASS_COOKIES):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return getattr(match.func, "page_cache", None)

    def _render(self, request: HttpRequest, key: str, mode: bool | str, started: float) -> Any:
        recorder = Recorder(coarse=mode == "coarse")
        recorder.tags.update({"all", f"path:{request.path}"})
        token = _recorder.set(recorder)
        try:
            response = self.get_response(request)
        finally:
            _recorder.reset(token)
        if not self._storable(response):
            if response.status_code == 200 and "Cache-Control" not in response:
                response["Cache-Control"] = "private, no-cache"
            return self._fill(request, response)
        versions = _versions(recorder.tags)
        content = response.content
        entry = Entry(
            content=content,
            headers={
                name: value
                for name, value in response.headers.items()
                if name.lower() not in _DROPPED_HEADERS
            },
            versions=versions,
            stored_at=time.time(),
            expires_at=time.time() + _timeout(recorder),
            etag=_etag(key, versions),
            has_slots=_slot_marker().encode() in content,
        )
        # Not stored when something it shows changed while it rendered (see the docstring).
        if all(_version_time(version) < started for version in versions.values()):
            timeout = _timeout(recorder)
            if timeout > 0:
                caches[PAGES].set(key, entry, timeout=timeout)
        response = self._respond(request, entry, rendered=response)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _storable(response: HttpResponseBase) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    def _respond(
        self, request: HttpRequest, entry: Entry, rendered: HttpResponseBase | None = None
    ) -> HttpResponseBase:
        response = rendered if rendered is not None else HttpResponse(entry.content)
        if rendered is None:
            for name, value in entry.headers.items():
                response[name] = value
        response["ETag"] = entry.etag
        if "Last-Modified" not in response:
            response["Last-Modified"] = http_date(entry.stored_at)
        _cache_control(response, private=entry.has_slots)
        conditional = get_conditional_response(
            request, etag=entry.etag, last_modified=int(entry.stored_at), response=response
        )
        if conditional is not response:
            return conditional
        if entry.has_slots:
            response.content = _fill_slots(request, entry.content)
            response = self._fill(request, response)
        response["Content-Length"] = str(len(response.content))
        return response

    def _fill(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """Let Django's CSRF middleware set the cookie a filled form's token belongs to."""
        if "CSRF_COOKIE" not in request.META:
            self.csrf.process_request(request)
        if not getattr(response, "streaming", False) and _slot_marker().encode() in getattr(
            response, "content", b""
        ):
            response.content = _fill_slots(request, response.content)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            response = self.csrf.process_response(request, response)
            patch_vary_headers(response, ("Cookie",))
        return response
