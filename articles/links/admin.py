"""The editor's link tools in the article admin: related links inline, backlinks, suggestions,
link health and the warnings on save and delete.

``ArticleLinksAdminMixin`` is mixed into ``ArticleAdmin`` so the article admin itself stays about
articles.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from articles import richtext
from articles.editing.admin import keep_autosave
from articles.links import health, index, rendering, suggestions
from articles.links.models import ArticleLink, RelatedLink
from articles.models import Article
from byline.validators import whole_number

#: How many articles the link chooser offers at once (the best matches; type more to narrow).
LINK_SEARCH_RESULTS = 20


class TargetSelect(AutocompleteSelect):
    """The target picker: a saved link's row shows its target without a query of its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known: Article | None = None  # the saved target, read with the link (see the form)

    def optgroups(self, name: str, value: list[str], attr: dict | None = None) -> list:
        if self.known is None or {str(v) for v in value if v} != {str(self.known.pk)}:
            return super().optgroups(name, value, attr)
        label = self.choices.field.label_from_instance(self.known)
        return [(None, [self.create_option(name, self.known.pk, label, True, 0)], 0)]


class RelatedLinkForm(forms.ModelForm):
    """A curated link; checks the paragraph exists in the source's body as submitted."""

    class Meta:
        model = RelatedLink
        fields = ["target", "anchor_text", "placement", "after_paragraph", "position"]
        # Narrow inputs so the whole row fits beside the admin's sidebar.
        widgets = {
            "anchor_text": forms.TextInput(attrs={"size": 24}),
            "after_paragraph": forms.NumberInput(attrs={"class": "vIntegerField", "min": 1}),
            "position": forms.NumberInput(attrs={"class": "vIntegerField", "min": 0}),
        }

    def __init__(self, *args: Any, source: Article | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source = source
        picker = getattr(self.fields["target"].widget, "widget", None)
        if isinstance(picker, TargetSelect) and RelatedLink.target.is_cached(self.instance):
            picker.known = self.instance.target
        # Links with equal positions keep the order they were added in.
        self.fields["position"].required = False
        # A table row shows no labels, only its column's heading: give each field its name.
        for field in self.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's wrapper
            widget.attrs.setdefault("aria-label", capfirst(field.label))

    def clean_position(self) -> int:
        return self.cleaned_data["position"] or 0

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        source = self.source or getattr(self.instance, "source", None)
        target = cleaned.get("target")
        if source is not None and target is not None and source.pk == target.pk:
            self.add_error(
                "target", ValidationError(_("An article cannot link to itself."), code="self_link")
            )
        placement = cleaned.get("placement")
        paragraph = cleaned.get("after_paragraph")
        if placement == RelatedLink.Placement.INLINE:
            if paragraph is None:
                self.add_error(
                    "after_paragraph",
                    ValidationError(
                        _("Say after which paragraph the inline link goes (1 is the first)."),
                        code="paragraph_required",
                    ),
                )
            elif source is not None:
                available = richtext.count_paragraphs(rendering.fresh_body(source))
                if not 1 <= paragraph <= available:
                    self.add_error(
                        "after_paragraph",
                        ValidationError(
                            ngettext(
                                "There is no paragraph %(number)s: the body has %(count)s "
                                "paragraph.",
                                "There is no paragraph %(number)s: the body has %(count)s "
                                "paragraphs.",
                                available,
                            ),
                            code="no_such_paragraph",
                            params={"number": paragraph, "count": available},
                        ),
                    )
        elif placement == RelatedLink.Placement.END and paragraph is not None:
            self.add_error(
                "after_paragraph",
                ValidationError(
                    _("Only inline links take a paragraph; clear it or choose “Inline”."),
                    code="paragraph_not_inline",
                ),
            )
        return cleaned


class RelatedLinkFormSet(BaseInlineFormSet):
    """Hands each link form the article being edited, with the body just submitted."""

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "source": self.instance}

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = _("Delete this link")

    def _construct_form(self, i: int, **kwargs: Any) -> Any:
        form = super()._construct_form(i, **kwargs)
        # Each row names its link as "source → target" (RelatedLink.__str__): the source is the
        # article on the page, not a query per row.
        if form.instance.source_id == self.instance.pk:
            form.instance.source = self.instance
        return form


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    fk_name = "source"
    form = RelatedLinkForm
    formset = RelatedLinkFormSet
    autocomplete_fields = ["target"]
    fields = ["target", "anchor_text", "placement", "after_paragraph", "position"]
    extra = 0
    verbose_name = _("related link")
    verbose_name_plural = _("related links (readers see those to published articles)")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "target":
            kwargs["widget"] = TargetSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[RelatedLink]:
        # The targets' titles in the same query (one more per link before), without bodies.
        return (
            super()
            .get_queryset(request)
            .select_related("target")
            .defer("target__body", "target__body_html", "target__toc")
        )


def _describe(row: ArticleLink) -> str:
    if row.target is None:
        return f"/{row.target_slug}/ (missing)"
    return f"{row.target.title} ({row.target.get_status_display().lower()})"


class ArticleLinksAdminMixin:
    """Adds the link tools to the article admin (inline, panels, pages, warnings)."""

    link_panels = ("linked_from_panel", "link_suggestions_panel")

    # --- The change page ---

    def get_inlines(self, request: HttpRequest, obj: Article | None) -> list:
        return [*super().get_inlines(request, obj), RelatedLinkInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> list:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, *self.link_panels] if obj is not None else fields

    def get_fieldsets(self, request: HttpRequest, obj: Article | None = None) -> list:
        fieldsets = [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f not in self.link_panels]},
            )
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is not None:
            # Laid out after the related links inline (see the article change form).
            fieldsets.append(
                (_("Links"), {"fields": list(self.link_panels), "classes": ["form-after-inlines"]})
            )
        return fieldsets

    @admin.display(description=_("Linked from"))
    def linked_from_panel(self, obj: Article) -> SafeString:
        return mark_safe(  # our own autoescaped template
            render_to_string("admin/links/_linked_from.html", {"backlinks": index.linked_from(obj)})
        )

    @admin.display(description=_("Suggested links"))
    def link_suggestions_panel(self, obj: Article) -> SafeString:
        context = {
            "article": obj,
            "outgoing": suggestions.suggest_links_from(obj),
            "incoming": [] if obj.is_live else suggestions.suggest_links_to(obj),
        }
        return mark_safe(  # our own autoescaped template
            render_to_string("admin/links/_link_suggestions.html", context)
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        article = form.instance
        # The link index and terms refresh themselves after commit (LinksConfig.ready).
        hidden = index.hidden_links(article)
        if hidden:
            messages.warning(
                request,
                ngettext(
                    "%(count)s link points to an unpublished article: %(list)s. "
                    "Readers will see it once that article is live.",
                    "%(count)s links point to unpublished articles: %(list)s. "
                    "Readers will see each once its article is live.",
                    len(hidden),
                )
                % {"count": len(hidden), "list": "; ".join(_describe(row) for row in hidden)},
            )
        old_slug = form.initial.get("slug")
        renamed = change and old_slug and old_slug != article.slug
        if renamed and article.slug_history.filter(slug=old_slug).exists():
            messages.info(
                request,
                _("The old address %(url)s now leads here with a permanent redirect.")
                % {"url": reverse("articles:detail", args=[old_slug])},
            )

    # --- Deleting an article others link to ---

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        linking = index.articles_linking_to([object_id])
        return super().delete_view(
            request, object_id, {**(extra_context or {}), "linking_articles": linking}
        )

    # --- Pages and one-click actions ---

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path("link-health/", wrap(self.link_health_view), name="articles_article_link_health"),
            path("link-search/", wrap(self.link_search_view), name="articles_article_link_search"),
            path(
                "<int:object_id>/add-related/<int:target_id>/",
                wrap(self.add_related_view),
                name="articles_article_add_related",
            ),
            path(
                "<int:object_id>/add-backlink/<int:source_id>/",
                wrap(self.add_backlink_view),
                name="articles_article_add_backlink",
            ),
            path(
                "<int:object_id>/fix-links/",
                wrap(self.fix_links_view),
                name="articles_article_fix_links",
            ),
            path(
                "dismiss-link/<int:link_id>/",
                wrap(self.dismiss_link_view),
                name="articles_article_dismiss_link",
            ),
            *super().get_urls(),
        ]

    def _require_change(self, request: HttpRequest) -> None:
        if not self.has_change_permission(request):
            raise PermissionDenied

    def link_search_view(self, request: HttpRequest) -> JsonResponse:
        """The body editor's link chooser: articles by title, drafts and scheduled ones marked."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        found = index.search_by_title(request.GET.get("q", ""))[:LINK_SEARCH_RESULTS]
        return JsonResponse({"results": [index.chooser_json(article) for article in found]})

    def link_health_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        section = request.GET.get("section")
        before = request.GET.get("before", "")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Link health"),
            "one_section": section in health.SECTION_TITLES,
            "sections": health.link_health(section, whole_number(before)),
        }
        return TemplateResponse(request, "admin/links/link_health.html", context)

    def _add_link(self, request: HttpRequest, *, source: Article, target: Article) -> None:
        try:
            index.add_related_link(source=source, target=target)
        except IntegrityError:
            messages.error(
                request,
                _("“%(source)s” already links to “%(target)s”.")
                % {"source": source, "target": target},
            )
        else:
            messages.success(
                request,
                _("“%(source)s” now links to “%(target)s” in its related reading.")
                % {"source": source, "target": target},
            )

    def _keep_form(self, request: HttpRequest, article: Article) -> None:
        # Without the script the suggestion buttons post the whole change form: what was typed
        # and not saved is kept as the editor's autosave, which the form offers to restore.
        if "title" in request.POST:
            keep_autosave(article=article, user=request.user, posted=request.POST)
            messages.info(
                request, _("What the form held is kept: restore it from the notice below.")
            )

    @method_decorator(require_POST)
    def add_related_view(
        self, request: HttpRequest, object_id: int, target_id: int
    ) -> HttpResponse:
        self._require_change(request)
        source = get_object_or_404(Article, pk=object_id)
        self._add_link(request, source=source, target=get_object_or_404(Article, pk=target_id))
        self._keep_form(request, source)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[object_id]))

    @method_decorator(require_POST)
    def add_backlink_view(
        self, request: HttpRequest, object_id: int, source_id: int
    ) -> HttpResponse:
        self._require_change(request)
        target = get_object_or_404(Article, pk=object_id)
        self._add_link(request, source=get_object_or_404(Article, pk=source_id), target=target)
        self._keep_form(request, target)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[object_id]))

    @method_decorator(require_POST)
    def fix_links_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        self._require_change(request)
        source = get_object_or_404(Article, pk=object_id)
        fixed = health.fix_redirected_links(source)
        messages.success(
            request,
            ngettext(
                "Rewrote %(count)s link in “%(source)s” to the current address.",
                "Rewrote %(count)s links in “%(source)s” to the current address.",
                fixed,
            )
            % {"count": fixed, "source": source},
        )
        return HttpResponseRedirect(reverse("admin:articles_article_link_health"))

    @method_decorator(require_POST)
    def dismiss_link_view(self, request: HttpRequest, link_id: int) -> HttpResponse:
        self._require_change(request)
        ArticleLink.objects.filter(
            pk=link_id, kind=ArticleLink.Kind.CURATED, target__isnull=True
        ).delete()
        return HttpResponseRedirect(reverse("admin:articles_article_link_health"))
