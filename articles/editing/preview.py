"""Preview of unsaved changes: the change form's content in the article page, nothing saved.

The change form's "Preview" button posts the whole form (to a new tab) here. The form and its
inlines are validated as a save would validate them, the article is built in memory (its body
sanitised and rendered by the same ``render_body`` a save runs) and shown in the site's own
article template, inside a frame whose width switches between a phone and a desktop. Nothing
is written: no row, no file, no session.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.admin.utils import flatten_fieldsets
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.generic.base import ContextMixin

from articles import checks
from articles.models import Article, Tag
from articles.views import ArticlePageMixin, answering
from byline.seo import PageMeta

#: Widths the preview frame offers (CSS pixels): a common phone, and the page's full width.
PHONE_WIDTH = 390

#: A new article has no row yet, but the page's related lookups need a key: no row has id 0
#: (ids start at 1), so every lookup finds nothing, as it would for an article just created.
UNSAVED_PK = 0


@dataclass
class Preview:
    """What the preview tab shows: the rendered page, or why it cannot be shown."""

    page: str = ""
    errors: list[tuple[str, list[str]]] | None = None
    notes: list[str] | None = None
    report: checks.Report | None = None


class _PreviewPage(ArticlePageMixin, ContextMixin):
    """The article page's context (metadata, neighbours, picture) without a detail view."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_page_meta(self, context: dict[str, Any]) -> PageMeta:
        meta = super().get_page_meta(context)
        meta.noindex = True  # whatever the article's state: this text is nobody's to index
        return meta


def _errors(form: ModelForm, formsets: list[BaseFormSet]) -> list[tuple[str, list[str]]]:
    """Every error the form and its inlines hold, labelled as the change form labels them."""
    errors: list[tuple[str, list[str]]] = []

    def add(bound_form: Any, prefix: str = "") -> None:
        for name, messages in bound_form.errors.items():
            field = bound_form.fields.get(name)
            label = str(field.label) if field is not None and field.label else ""
            errors.append((f"{prefix}{label}".strip(" —"), list(messages)))

    add(form)
    for formset in formsets:
        title = str(formset.model._meta.verbose_name).capitalize()
        errors.extend((title, [str(message)]) for message in formset.non_form_errors())
        for number, inline_form in enumerate(formset.forms, start=1):
            add(inline_form, f"{title} {number} — ")
    return errors


def build(model_admin: Any, request: HttpRequest, obj: Article | None) -> Preview:
    """Validate the posted change form against ``obj`` (None: a new article) and render it."""
    add = obj is None
    fieldsets = model_admin.get_fieldsets(request, obj)
    form_class = model_admin.get_form(
        request, obj, change=not add, fields=flatten_fieldsets(fieldsets)
    )
    form = form_class(request.POST, request.FILES, instance=obj)
    form_valid = form.is_valid()
    notes: list[str] = []
    conflict = getattr(form, "conflict", None)
    # Refusals that stop a save but not a look: someone else saved since the form was opened
    # (the editor may still see their own version), or the checks ask for a confirmation
    # (the preview lists them, and publishes nothing).
    only_refusals = set(form.errors) == {"__all__"} and {
        error.code for error in form.errors.as_data()["__all__"]
    } <= {"edit_conflict", "checks_failed"}
    if only_refusals:
        form_valid = True
        if conflict is not None:
            notes.append(
                _("%(message)s This preview shows your version.") % {"message": conflict.message}
            )
    # As the change view does: a valid form's instance, not saved (commit=False writes nothing).
    article = form.instance
    formsets, _inlines = model_admin._create_formsets(request, article, change=not add)
    # Every formset validated (not up to the first invalid one), so all their errors show.
    formsets_valid = [formset.is_valid() for formset in formsets]
    # The checks before publishing, on the text as typed (as the form's panel shows them).
    report = checks.check(**checks.fields_of(request.POST.dict()), article=obj)
    if not (form_valid and all(formsets_valid)):
        return Preview(errors=_errors(form, formsets), report=report)

    # The featured image is a library image, stored with its renditions when it was chosen:
    # the preview shows it as the page will.
    if add:
        article.pk = UNSAVED_PK
    article.settle_publication()
    article.render_body()  # sanitised and rendered exactly as a save does it
    article._prefetched_objects_cache = {
        "tags": answering(Tag, sorted(form.cleaned_data.get("tags", []), key=str)),
    }
    page = _PreviewPage(request)
    context = page.get_context_data(
        object=article,
        article=article,
        is_preview=True,
        unsaved_preview=True,
        # Never itself: the form's time is to the second, the stored one finer.
        neighbours=Article.objects.published().exclude(pk=article.pk).around(article),
    )
    return Preview(
        page=render_to_string("articles/article_detail.html", context, request=request),
        notes=notes,
        report=report,
    )


def opening_links_outside(page: str) -> str:
    """The page with its links opening in a new tab: the frame itself stays on the preview."""
    return page.replace("<head>", '<head>\n  <base target="_blank">', 1)
