from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from articles import checks, publishing, richtext, trash
from articles.editing import revisions
from articles.editing.admin import EditingAdminMixin, keep_autosave
from articles.editing.draft_admin import DraftsAdminMixin
from articles.editing.forms import ConflictCheckedForm
from articles.links import redirects
from articles.links.admin import ArticleLinksAdminMixin
from articles.links.models import ArticleLink, ArticleTerm, SlugHistory
from articles.media.widgets import ImageChooserWidget
from articles.models import (
    Article,
    AuthorProfile,
    Category,
    ShareLink,
    Tag,
    is_public,
)
from byline.admin_site import EstimatedCountPaginator, FullWidthAdminMixin
from byline.validators import whole_number

#: One line in a list column: "26 Nov 2026 09:30" (month names follow the active language).
ADMIN_DATETIME_FORMAT = "d M Y H:i"


def admin_datetime(value: datetime) -> str:
    """A time as the article admin shows it, in the site's time zone."""
    return formats.date_format(timezone.localtime(value), ADMIN_DATETIME_FORMAT)


#: Rows that exist only as bookkeeping (search index, link index, tag rows, old slugs): they
#: go with the article, but listing them ("Article_tags object (15)") only confuses editors.
BOOKKEEPING_MODELS = [ArticleLink, ArticleTerm, SlugHistory, Article.tags.through]


def _without_bookkeeping(items: list, prefixes: tuple[str, ...]) -> list:
    """The admin's nested deletion list minus bookkeeping rows (and their own children)."""
    kept: list = []
    skip_children = False
    for item in items:
        if isinstance(item, list):
            if not skip_children:
                kept.append(_without_bookkeeping(item, prefixes))
            skip_children = False
            continue
        skip_children = str(item).startswith(prefixes)
        if not skip_children:
            kept.append(item)
    return kept


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "articles_link"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("articles"))
    def articles_link(self, tag: Tag) -> str:
        """Where the article list's tag filter starts (see TagFilter)."""
        url = reverse("admin:articles_article_changelist") + f"?{TagFilter.parameter_name}={tag.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Articles with this tag"))


class ArticleAdminForm(ConflictCheckedForm):
    """The article form, plus the editor's "significant edit" checkbox (not a model field).

    It carries the version it was opened at, and refuses to save over a newer one; the
    featured image is a pick from the media library, so a form with errors keeps it.
    """

    checks_to_confirm: "checks.Report | None" = None

    significant_edit = forms.BooleanField(
        label=_("This is a significant edit"),
        required=False,
        help_text=_(
            "Tick it when readers should know the article changed (new facts, corrected "
            "advice): the public “Updated” date moves. Leave it for typo fixes."
        ),
    )
    #: Offered only when the slug typed is another article's old address (see get_fieldsets).
    release_old_address = forms.BooleanField(
        label=_("Take this address over from the article that used it before"),
        required=False,
        help_text=_(
            "Its readers' old links and bookmarks then open this article instead; the change "
            "is recorded in that article's history."
        ),
    )

    #: Rendered with the checks panel when publishing would go ahead despite serious problems.
    publish_despite_checks = forms.BooleanField(
        label=_("Publish anyway: I have read the checks"),
        required=False,
    )

    #: The action bar's "Save draft" and "Publish" (``_continue`` with a value) set the status
    #: themselves: the button pressed says what the save does, whatever the status menu shows.
    BUTTON_STATUS = {"draft": Article.Status.DRAFT, "publish": Article.Status.PUBLISHED}

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "featured_image",
            "featured_image_alt",
            "status",
            "published_at",
            "is_featured",
            "author",
            "category",
            "tags",
            "seo_title",
            "meta_description",
            "comments_open",
        ]
        error_messages = {
            "slug": {
                "unique": _(
                    "Another article already uses this slug (the last part of its address). "
                    "Change the slug, for example by adding a word or the year."
                )
            }
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "meta_description": forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
            "featured_image": ImageChooserWidget(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["title"].widget.attrs["autofocus"] = True  # a new article starts there
        if self.is_bound and (status := self.BUTTON_STATUS.get(self.data.get("_continue", ""))):
            data = self.data.copy()
            data["status"] = status
            self.data = data

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        errors = []
        for question, answer in richtext.unfinished_faqs(body):
            if question:
                message = _(
                    "The question “%(question)s” has no answer yet: write one under it, or press "
                    "Backspace at the start of the question to make it a plain paragraph."
                )
            else:
                message = _(
                    "The answer “%(answer)s” has no question: write one above it, or press "
                    "Backspace at the start of the empty question to make it plain paragraphs."
                )
            words = {
                "question": Truncator(question).words(12),
                "answer": Truncator(answer).words(12),
            }
            errors.append(forms.ValidationError(message, code="unfinished_faq", params=words))
        if errors:
            raise forms.ValidationError(errors)
        return body

    def clean(self) -> dict:
        cleaned = super().clean()
        slug = cleaned.get("slug")
        taking = slug and slug != self.instance.slug and not cleaned.get("release_old_address")
        if taking and (holder := redirects.old_address_holder(slug, exclude=self.instance)):
            self.add_error(
                "slug",
                forms.ValidationError(redirects.taken_message(holder), code="old_address_taken"),
            )
        # "Save draft" of a live article publishes nothing: the checks ask when it goes out.
        saving_a_draft = "_savedraft" in self.data
        if not self.errors and not saving_a_draft and not cleaned.get("publish_despite_checks"):
            article = self.instance if self.instance.pk else None
            # The related links' rows are the inline's: read them from the posted data.
            values = {**dict(self.data.items()), **cleaned}
            if report := checks.needs_confirmation(values, article=article):
                self.checks_to_confirm = report
                raise forms.ValidationError(
                    ngettext(
                        "The checks found %(count)d serious problem (listed under Checks "
                        "before publishing). Fix it, or tick “Publish anyway” and save again.",
                        "The checks found %(count)d serious problems (listed under Checks "
                        "before publishing). Fix them, or tick “Publish anyway” and save again.",
                        len(report.serious),
                    )
                    % {"count": len(report.serious)},
                    code="checks_failed",
                )
        return cleaned


class PublicationStateFilter(admin.SimpleListFilter):
    """Status as readers experience it: the ``published()`` rule, not the stored field alone."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [
            ("live", _("Live")),
            ("scheduled", _("Scheduled (future)")),
            ("draft", _("Draft")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        live = Article.objects.published()
        if self.value() == "live":
            return queryset.filter(pk__in=live.values("pk"))
        if self.value() == "scheduled":
            return queryset.exclude(status=Article.Status.DRAFT).exclude(pk__in=live.values("pk"))
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        return queryset


class PublishedYearFilter(admin.SimpleListFilter):
    """Drill down by the year of publication, offered from the first year to the last.

    Replaces ``date_hierarchy``, whose year list was a DISTINCT over every article (388 ms at
    10,000): the first and last publication times are two reads from the ends of an index, and
    the chosen year is a range on it. The parameter keeps the drill-down's name, so its links
    still work.
    """

    title = _("year published")
    parameter_name = "published_at__year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        dated = Article.objects.filter(published_at__isnull=False).values_list(
            "published_at", flat=True
        )
        first, last = (
            dated.order_by("published_at").first(),
            dated.order_by("-published_at").first(),
        )
        if first is None or last is None:
            return []
        years = range(timezone.localtime(last).year, timezone.localtime(first).year - 1, -1)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        if (year := whole_number(self.value())) is not None:
            return queryset.filter(published_at__year=year)
        return queryset


class TagFilter(admin.SimpleListFilter):
    """The article list filtered by one tag, chosen from the tag list ("Articles with this tag").

    Offering every tag here rendered 2,000 links on each view of the article list (a third of
    its time at 100,000 articles); the sidebar shows only the tag chosen. The parameter keeps
    the name of the field filter it replaces, so its links still work.
    """

    title = _("tag")
    parameter_name = "tags__id__exact"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        if (chosen := whole_number(self.value())) is None:
            return []
        return [(str(tag.pk), tag.name) for tag in Tag.objects.filter(pk=chosen)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        if (chosen := whole_number(self.value())) is not None:
            return queryset.filter(tags=chosen)
        return queryset


class ArticleChangeList(ChangeList):
    """The article list's rows without the texts no column shows (bodies, summary, contents)."""

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> QuerySet:
        rows = super().get_queryset(request, exclude_parameters)
        return rows.defer("summary", "body", "body_html", "toc")


class TrashFilter(admin.SimpleListFilter):
    """The list shows articles outside the trash; this filter shows the trash instead."""

    title = _("trash")
    parameter_name = "trash"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("In the trash (restorable for 30 days)"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        if self.value() == "yes":
            return queryset.in_trash()
        return queryset.not_in_trash()


@admin.register(Article)
class ArticleAdmin(
    FullWidthAdminMixin,
    ArticleLinksAdminMixin,
    DraftsAdminMixin,
    EditingAdminMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    list_display = [
        "title",
        "status_label",
        "published_column",
        "author_column",
        "category",
        "is_featured",
    ]
    list_filter = [
        PublicationStateFilter,
        PublishedYearFilter,
        "is_featured",
        "category",
        "author",
        TagFilter,
        TrashFilter,
    ]
    list_select_related = ["author__author_profile", "category"]
    search_fields = ["title", "summary"]
    # "12 results (100,000 total)" counted the whole table again on every filtered list.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "category", "tags"]
    readonly_fields = ["significant_update_at", "updated_at"]
    actions = [
        "publish_now",
        "unpublish",
        "feature",
        "unfeature",
        "create_share_link",
        "restore_from_trash",
        "delete_for_good",
        "publish_waiting_changes",
    ]
    # The change form is laid out for writing (change_form.html): the content in a wide main
    # column, then the inlines and the fieldsets marked "form-after-inlines"; what is set once
    # per article ("form-side") in a side column at desktop widths, below it on phones.
    fieldsets = [
        (_("Content"), {"fields": ["title", "slug", "summary", "body"]}),
        (
            _("SEO"),
            {
                "fields": ["seo_title", "meta_description"],
                "classes": ["collapse", "form-after-inlines"],
            },
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "significant_edit",
                    "significant_update_at",
                    "is_featured",
                    "author",
                    "updated_at",
                ],
                "classes": ["form-side"],
            },
        ),
        (_("Category and tags"), {"fields": ["category", "tags"], "classes": ["form-side"]}),
        (
            _("Featured image"),
            {"fields": ["featured_image", "featured_image_alt"], "classes": ["form-side"]},
        ),
        (_("Discussion"), {"fields": ["comments_open"], "classes": ["form-side"]}),
    ]

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article: Article) -> str:
        """The same rule as ``published()``: "Scheduled" only while its time is in the future."""
        if article.deleted_at is not None:
            return _("In the trash")
        if article.status == Article.Status.DRAFT:
            return _("Draft")
        if not article.is_live:
            return _("Scheduled")
        # Annotated by DraftsAdminMixin.get_queryset: changes wait apart from the live text.
        return _("Live + draft") if getattr(article, "has_draft", False) else _("Live")

    class Media:
        # Column widths at laptop sizes; the editor's own blocks (the pull quote) while writing;
        # related links ordered by dragging or from the keyboard.
        css = {
            "all": [
                "articles/admin.css",
                "articles/editor_blocks.css",
                "articles/inline_order.css",
            ]
        }
        # Word count, search preview and the checks as you write; the layout and share panel;
        # the inlines' order; suggested related links added to the form.
        js = [
            "articles/writing.js",
            "articles/form_layout.js",
            "articles/inline_order.js",
            "links/related_suggestions.js",
        ]

    @admin.display(description=_("publication time"), ordering="published_at")
    def published_column(self, article: Article) -> str:
        """Short enough for one line: "26 Nov 2026 09:30"."""
        if article.published_at is None:
            return "—"
        return admin_datetime(article.published_at)

    @admin.display(description=_("author"), ordering="author__last_name")
    def author_column(self, article: Article) -> str:
        return article.author_name

    def render_change_form(self, request: HttpRequest, context: dict, *args: Any, **kwargs: Any):
        form = context["adminform"].form
        context["checks_report"] = self.checks_report(form, kwargs.get("obj"))
        context["checks_url"] = reverse("admin:articles_article_checks")
        context["site_domain"] = settings.SITE_DOMAIN
        context["article_id"] = obj.pk if (obj := kwargs.get("obj")) is not None else ""
        if form.checks_to_confirm:
            context["checks_confirm_field"] = form["publish_despite_checks"]
        context.update(self.share_panel_context(request, kwargs.get("obj")))
        phase = self.saved_phase(form, kwargs.get("obj"))
        context["saved_state"] = (
            _("Scheduled for %(when)s") % {"when": admin_datetime(form.initial["published_at"])}
            if phase == "scheduled"
            else {"new": _("New article"), "live": _("Live"), "draft": _("Draft")}[phase]
        )
        # A scheduled article keeps its time on a plain save: "Save draft" would unschedule it.
        context["saved_scheduled"] = phase == "scheduled"
        return super().render_change_form(request, context, *args, **kwargs)

    def saved_phase(self, form: forms.ModelForm, obj: Article | None) -> str:
        """The article as saved, for the action bar: "new", "live", "draft" or "scheduled".

        Read from the form's initial values: a refused submission has already put what was
        typed on ``obj`` (a refused Publish must still offer Publish).
        """
        if obj is None or obj.pk is None:
            return "new"
        status, at = form.initial.get("status"), form.initial.get("published_at")
        if is_public(status, at):
            return "live"
        if status == Article.Status.DRAFT or at is None:
            return "draft"
        return "scheduled"

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return ArticleChangeList

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # The change form's snapshot names the author: the profile comes with the article in
        # its one query. (A select_related here replaces list_select_related on the list, so
        # it is the same list.)
        return super().get_queryset(request).select_related(*self.list_select_related)

    # --- Checks before publishing (articles/checks.py) ---

    def checks_report(self, form: forms.ModelForm, obj: Article | None) -> checks.Report | None:
        """The checks on what the form shows: as typed after a submission, else as saved."""
        if form.checks_to_confirm:
            return form.checks_to_confirm
        if form.is_bound:
            return checks.check(**checks.fields_of(form.data.dict()), article=obj)
        return checks.check_article(obj) if obj is not None else None

    def get_urls(self) -> list:
        return [
            path(
                "checks/",
                self.admin_site.admin_view(self.checks_view),
                name="articles_article_checks",
            ),
            path(
                "<int:object_id>/share-links/",
                self.admin_site.admin_view(self.create_share_link_view),
                name="articles_article_share_create",
            ),
            path(
                "<int:object_id>/share-links/<int:link_id>/revoke/",
                self.admin_site.admin_view(self.revoke_share_link_view),
                name="articles_article_share_revoke",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def checks_view(self, request: HttpRequest) -> HttpResponse:
        """The checks panel for the fields as typed (the change form asks as the editor writes)."""
        if not self.has_change_permission(request) and not self.has_add_permission(request):
            raise PermissionDenied
        article = None
        if (pk := whole_number(request.POST.get("article_id", ""))) is not None:
            article = Article.objects.filter(pk=pk).first()
        report = checks.check(**checks.fields_of(request.POST.dict()), article=article)
        return TemplateResponse(request, "admin/articles/article/_checks.html", {"report": report})

    # --- Share links, made and revoked in the change form's side column ---

    def share_panel_context(self, request: HttpRequest, article: Article | None) -> dict:
        """The share panel: the article's open links with their full addresses."""
        if article is None or article.pk is None:
            return {"share_links": None}
        return {
            "share_links": [
                (link, request.build_absolute_uri(link.get_absolute_url()))
                for link in article.share_links.active()
            ],
            "share_create_url": reverse("admin:articles_article_share_create", args=[article.pk]),
        }

    def _share_panel_response(
        self, request: HttpRequest, article: Article, done: str
    ) -> HttpResponse:
        """The panel again for the form's script (``fragment``); else back to the form, saying so.

        The form's script posts nothing but the token, so what the editor typed stays in the form.
        """
        if request.POST.get("fragment"):
            context = {
                **self.share_panel_context(request, article),
                "article_id": article.pk,
                "share_done": done,
            }
            return TemplateResponse(request, "admin/articles/article/_share_links.html", context)
        if "title" in request.POST:
            # Without the script the button posted the whole form: what was typed and not saved
            # is kept as the editor's autosave, which the change form offers to restore.
            keep_autosave(article=article, user=request.user, posted=request.POST)
            done = f"{done} {_('What the form held is kept: restore it from the notice below.')}"
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def _shareable(self, request: HttpRequest, object_id: int) -> Article:
        article = get_object_or_404(Article.objects.only("pk", "title", "version"), pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    @method_decorator(require_POST)
    def create_share_link_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """A new share link for the article, valid for a week."""
        article = self._shareable(request, object_id)
        link = publishing.create_share_link(article, created_by=request.user)
        done = _("Share link created: it opens the saved article until %(when)s.") % {
            "when": admin_datetime(link.expires_at)
        }
        return self._share_panel_response(request, article, done)

    @method_decorator(require_POST)
    def revoke_share_link_view(
        self, request: HttpRequest, object_id: int, link_id: int
    ) -> HttpResponse:
        """Close one of the article's share links for good."""
        article = self._shareable(request, object_id)
        link = get_object_or_404(ShareLink, pk=link_id, article=article)
        publishing.revoke_share_link(link)
        done = _("Share link revoked: it no longer opens the article.")
        return self._share_panel_response(request, article, done)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple:
        """The deletion summary, listing what an editor recognises (no index rows)."""
        to_delete, model_count, _perms, protected = super().get_deleted_objects(objs, request)
        prefixes = tuple(f"{capfirst(m._meta.verbose_name)}: " for m in BOOKKEEPING_MODELS)
        hidden = {str(m._meta.verbose_name_plural) for m in BOOKKEEPING_MODELS}
        model_count = {k: v for k, v in model_count.items() if str(k) not in hidden}
        # Deleting moves to the trash (delete_model): nothing hanging on the article is deleted,
        # so no permission on those rows (comments and their records) is needed.
        return _without_bookkeeping(to_delete, prefixes), model_count, set(), protected

    def get_fieldsets(self, request: HttpRequest, obj: Article | None = None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        slug = request.POST.get("slug") if request.method == "POST" else None
        if not slug or (obj is not None and slug == obj.slug):
            return fieldsets
        if redirects.old_address_holder(slug, exclude=obj) is None:
            return fieldsets
        # The slug typed is another article's old address: offer the explicit takeover.
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        item
                        for field in options["fields"]
                        for item in ([field, "release_old_address"] if field == "slug" else [field])
                    ],
                },
            )
            for name, options in fieldsets
        ]

    # --- The trash: deleting moves an article there (see articles/trash.py) ---

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        trash.move_to_trash(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            trash.move_to_trash(article)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> Any:
        return super().delete_view(
            request, object_id, {**(extra_context or {}), "moves_to_trash": True}
        )

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id: Any) -> Any:
        self.message_user(
            request,
            _(
                "“%(title)s” is in the trash: readers get “Gone”. Restore it within 30 days "
                "from the list's trash filter; after that it is deleted for good."
            )
            % {"title": obj_display},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    @admin.action(description=_("Restore selected articles from the trash"), permissions=["change"])
    def restore_from_trash(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = 0
        for article in queryset.in_trash():
            trash.restore(article)
            count += 1
        self.message_user(
            request,
            ngettext(
                "Restored %d article, with its addresses, links and comments.",
                "Restored %d articles, with their addresses, links and comments.",
                count,
            )
            % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Delete selected articles in the trash for good"), permissions=["delete"]
    )
    def delete_for_good(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = trash.empty(queryset)
        self.message_user(
            request,
            ngettext("Deleted %d article for good.", "Deleted %d articles for good.", count)
            % count,
            messages.SUCCESS,
        )

    def _add_link(self, request: HttpRequest, *, source: Article, target: Article) -> None:
        """The suggestion panel's one-click add changes the article: it keeps a revision too."""
        revisions.ensure_baseline(source)
        super()._add_link(request, source=source, target=target)
        revisions.record_revision(article=source, user=request.user)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(
        self, request: HttpRequest, obj: Article, form: forms.ModelForm, change: bool
    ) -> None:
        asked_to_publish = obj.status == Article.Status.PUBLISHED
        was_live = change and is_public(
            form.initial.get("status"), form.initial.get("published_at")
        )
        scheduled_in_the_past = (
            obj.status == Article.Status.SCHEDULED
            and obj.published_at is not None
            and obj.published_at <= timezone.now()
        )
        if form.cleaned_data.get("release_old_address"):
            redirects.release_old_address(obj.slug, to=obj, by=request.user)
        super().save_model(request, obj, form, change)
        if change and form.cleaned_data.get("significant_edit"):
            publishing.mark_significant_update(obj)
        if asked_to_publish and obj.status == Article.Status.SCHEDULED:
            # Article.save() turned it into Scheduled (a future time); say so.
            self.message_user(
                request,
                _(
                    "The publication time is in the future, so the article is Scheduled: "
                    "it goes live by itself on %(when)s. To publish it now, clear the time."
                )
                % {"when": admin_datetime(obj.published_at)},
                messages.WARNING,
            )
        if scheduled_in_the_past and not was_live:
            self.message_user(
                request,
                _("Scheduled for a time that has passed: this article goes live now."),
                messages.WARNING,
            )

    @admin.action(description=_("Publish selected articles now"), permissions=["change"])
    def publish_now(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = 0
        for article in queryset:
            if not article.is_live:
                article.last_saved_by = request.user  # named if an open form is now behind
                publishing.publish(article)
                count += 1
        self.message_user(
            request,
            ngettext("Published %d article.", "Published %d articles.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = 0
        for article in queryset.exclude(status=Article.Status.DRAFT):
            article.last_saved_by = request.user  # named if an open form is now behind
            publishing.unpublish(article)
            count += 1
        self.message_user(
            request,
            ngettext("%d article is a draft again.", "%d articles are drafts again.", count)
            % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Feature selected articles on the home page"), permissions=["change"]
    )
    def feature(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            article.last_saved_by = request.user  # named if an open form is now behind
            publishing.feature(article)
        self.message_user(request, _("Featured on the home page."), messages.SUCCESS)

    @admin.action(description=_("Stop featuring selected articles"), permissions=["change"])
    def unfeature(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            article.last_saved_by = request.user  # named if an open form is now behind
            publishing.feature(article, featured=False)
        self.message_user(request, _("No longer featured."), messages.SUCCESS)

    @admin.action(description=_("Create a share link (valid 7 days)"), permissions=["change"])
    def create_share_link(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            link = publishing.create_share_link(article, created_by=request.user)
            self.message_user(
                request,
                format_html(
                    'Share link for “{}”: <a href="{}">{}</a> (until {})',
                    article.title,
                    link.get_absolute_url(),
                    request.build_absolute_uri(link.get_absolute_url()),
                    admin_datetime(link.expires_at),
                ),
                messages.SUCCESS,
            )


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["article", "address", "created_by", "expires_at", "revoked_at"]
    list_select_related = ["article", "created_by"]
    list_filter = ["revoked_at"]
    search_fields = ["article__title"]
    autocomplete_fields = ["article"]
    fields = ["article", "address", "expires_at", "revoked_at", "created_by"]
    readonly_fields = ["address", "created_by"]
    actions = ["revoke"]

    @admin.display(description=_("address"))
    def address(self, link: ShareLink) -> str:
        if not link.pk:
            return "—"
        return format_html('<a href="{0}">{0}</a>', link.get_absolute_url())

    def save_model(
        self, request: HttpRequest, obj: ShareLink, form: forms.ModelForm, change: bool
    ) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Revoke selected share links"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ShareLink]) -> None:
        count = sum(1 for link in queryset if publishing.revoke_share_link(link))
        self.message_user(
            request,
            ngettext("Revoked %d share link.", "Revoked %d share links.", count) % count,
            messages.SUCCESS,
        )


class AuthorProfileForm(forms.ModelForm):
    """The profile's picture is chosen from the media library, like a featured image."""

    class Meta:
        model = AuthorProfile
        fields = ["display_name", "bio", "picture", "twitter_handle"]
        widgets = {
            "picture": ImageChooserWidget(dialog_title=_("Choose the author's picture")),
            "bio": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }


class AuthorProfileInline(admin.StackedInline):
    """An author's public name, bio, picture and handle, edited on their user page."""

    model = AuthorProfile
    form = AuthorProfileForm
    can_delete = False
    verbose_name_plural = _("author profile")
    fields = ["display_name", "bio", "picture", "twitter_handle"]


# The user page gains the author profile: the one place staff already edit a person.
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AuthorUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, AuthorProfileInline]
