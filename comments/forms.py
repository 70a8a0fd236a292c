import time
from typing import Any

from django import forms
from django.core import signing
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from byline.validators import multiline
from comments.models import (
    TEXT_MAX_LENGTH,
    Comment,
    DiscussionSettings,
)
from comments.moderation import can_reply_under

TOKEN_SALT = "comments.form"


def issue_token(article: Article, *, issued_at: float | None = None) -> str:
    """A signed note of which article's form this is and when it was handed out.

    Checked by age rather than by a per-visitor secret, so a page served from a cache still
    yields a working form.
    """
    return issue_token_for(article.pk, issued_at=issued_at)


def issue_token_for(article_id: int, *, issued_at: float | None = None) -> str:
    """:func:`issue_token` by the article's id (filling a cached page's form: no row at hand)."""
    issued_at = time.time() if issued_at is None else issued_at
    return signing.dumps({"a": article_id, "t": issued_at}, salt=TOKEN_SALT, compress=True)


_INPUT = "django/forms/widgets/input.html"
#: Django's widget templates that only include input.html (the comment form's inputs).
_INPUTS = {
    f"django/forms/widgets/{kind}.html" for kind in ("text", "email", "url", "hidden", "checkbox")
} | {_INPUT}
_TEXTAREA = "django/forms/widgets/textarea.html"


def _attrs(attrs: dict[str, Any]) -> str:
    # django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name.
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class CommentFormRenderer(DjangoTemplates):
    """Django's form renderer, with the comment form's inputs and textarea written directly.

    The same markup as Django's widget templates, character for character (a test compares
    them); rendering those nine small templates was a tenth of every article page's CPU. Any
    other template (the error lists) goes through Django's templates as before.
    """

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if template_name in _INPUTS:
            value = widget["value"]
            shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
            return (
                f'<input type="{conditional_escape(widget["type"])}" '
                f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
            )
        if template_name == _TEXTAREA:
            value = widget["value"]
            return (
                f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
                f"\n{conditional_escape(value) if value else ''}</textarea>"
            )
        return super().render(template_name, context, request)


def _too_long(noun: str) -> str:
    # MaxLengthValidator fills in limit_value and show_value.
    return format_lazy(
        _(
            "Please shorten your {noun} to %(limit_value)s characters or fewer "
            "(it has %(show_value)s)."
        ),
        noun=noun,
    )


class CommentForm(forms.ModelForm):
    """WordPress's "Leave a Reply" form, plus the quiet fields the pipeline checks."""

    default_renderer = CommentFormRenderer()

    text = forms.CharField(
        label=_("Comment"),
        max_length=TEXT_MAX_LENGTH,
        validators=[multiline],
        widget=forms.Textarea(attrs={"rows": 8, "cols": 45}),
        error_messages={
            "required": _("Please type your comment."),
            "max_length": _too_long("comment"),
        },
    )
    remember = forms.BooleanField(
        label=_("Save my name, email, and website in this browser for the next time I comment."),
        required=False,
    )
    # Bots fill in every field they find; people never see this one.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["text", "author_name", "author_email", "author_url", "notify_replies"]
        labels = {
            "author_name": _("Name"),
            "author_email": _("Email"),
            "author_url": _("Website"),
            "notify_replies": _("Notify me of replies by email."),
        }
        widgets = {
            "author_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "author_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "author_url": forms.URLInput(attrs={"autocomplete": "url"}),
        }
        error_messages = {
            "author_name": {
                "required": _("Please give your name."),
                "max_length": _too_long("name"),
            },
            "author_email": {
                "required": _("Please give your email address (it is never published)."),
                "invalid": _("Please enter an email address such as name@example.com."),
                "max_length": _too_long("email address"),
            },
            "author_url": {
                "invalid": _("Please enter a web address such as https://example.com."),
                "max_length": _too_long("website address"),
            },
        }

    def __init__(self, *args: Any, article: Article, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["author_url"].assume_scheme = "https"
        if not self.is_bound:
            self.initial.setdefault("token", issue_token(article))
        self.issued_at: float | None = None
        self.reply_to: Comment | None = None

    def clean_author_url(self) -> str:
        url = self.cleaned_data["author_url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(
                _("Please enter a web address starting with http:// or https://."),
                code="scheme",
            )
        return url

    def clean_parent(self) -> int | None:
        parent_id = self.cleaned_data["parent"]
        if not parent_id:
            return None
        parent = Comment.objects.approved().filter(pk=parent_id, article=self.article).first()
        if parent is None:
            raise forms.ValidationError(
                _(
                    "The comment you are replying to is not available any more. "
                    "Your text is kept below: send it as a new comment."
                ),
                code="parent_gone",
            )
        if not can_reply_under(parent, rules=DiscussionSettings.load()):
            raise forms.ValidationError(
                _(
                    "Replies cannot nest any deeper here. Your text is kept below: send it as "
                    "a new comment."
                ),
                code="too_deep",
            )
        self.reply_to = parent
        return parent_id

    def clean_token(self) -> str:
        """Read the form's signed issue time; the pipeline judges it (too fast, expired)."""
        token = self.cleaned_data["token"]
        try:
            payload = signing.loads(token, salt=TOKEN_SALT)
        except signing.BadSignature:
            payload = None
        if isinstance(payload, dict) and payload.get("a") == self.article.pk:
            issued_at = payload.get("t")
            if isinstance(issued_at, int | float):
                self.issued_at = float(issued_at)
        return token

    def reissue_token(self) -> None:
        """Hand the form back with a token that lets sending it again succeed.

        A token that verified and has not expired is kept: the time already spent on the page
        still counts, so a reader who fixes one field in a second is not taken for a bot.
        """
        data = self.data.copy()
        if self.issued_at is None or DiscussionSettings.load().form_expired(
            self.issued_at, time.time()
        ):
            data[self.add_prefix("token")] = issue_token(self.article)
        if self.has_error("parent"):
            data[self.add_prefix("parent")] = ""  # send it again as a new comment
        self.data = data

    def text_fields(self) -> list[forms.BoundField]:
        """The four fields readers type into, in WordPress's order."""
        return [self[name] for name in ("text", "author_name", "author_email", "author_url")]

    def submission_fields(self) -> dict[str, Any]:
        """What the reader typed, as the pipeline takes it."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}
