"""The article change form as a browser posts it back, read from the page the admin rendered."""

from typing import Any

from django import forms
from django.test import Client, TestCase
from django.urls import reverse

from articles.models import Article


def _field_data(form: forms.BaseForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for bound in form:
        widget = bound.field.widget
        name, value = bound.html_name, bound.value()
        if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
            continue
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for i, part in enumerate(parts):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "" if value is None else str(value)
    return data


def posted_form(client: Client, article: Article, **overrides: Any) -> dict[str, Any]:
    """Open the change page and return what saving it unchanged would post, plus ``overrides``."""
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    data = _field_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_field_data(formset.management_form))
        for form in formset.forms:
            data.update(_field_data(form))
    data.update(overrides)
    return data


def save_in_admin(client: Client, article: Article, **changes: Any) -> None:
    """Save the change form as opened, with ``changes``, running the after-commit refreshes."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, posted_form(client, article, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
