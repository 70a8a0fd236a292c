"""The admin's upload form for a WordPress export."""

from pathlib import Path

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    """Upload an export and choose how to import it; the dry run comes first."""

    file = forms.FileField(
        label=_("WordPress export"),
        help_text=_("The .xml file from Tools › Export › All content in WordPress."),
    )
    media_dir = forms.CharField(
        label=_("Media folder on this server"),
        required=False,
        help_text=_(
            "A copy of the old site's wp-content/uploads, for featured and body images. "
            "Leave empty to import without images (each one is listed in the report)."
        ),
    )
    pages = forms.ChoiceField(
        label=_("Pages"),
        choices=[
            ("category", _("Import as articles in a “Pages” category")),
            ("skip", _("Skip them (listed in the report)")),
        ],
    )
    author_map = forms.CharField(
        label=_("Author map"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One WordPress login=Byline username per line, to give someone's posts to an "
            "existing account. Other authors become editors without a password."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        head = upload.read(4096)
        upload.seek(0)
        if b"<rss" not in head and b"wordpress.org/export" not in head:
            raise ValidationError(_("This is not a WordPress export (WXR) file."), code="not_wxr")
        return upload

    def clean_media_dir(self) -> str:
        folder = self.cleaned_data["media_dir"].strip()
        if folder and not Path(folder).is_dir():
            raise ValidationError(
                _("There is no folder %(folder)s on this server."),
                code="no_folder",
                params={"folder": folder},
            )
        return folder

    def clean_author_map(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["author_map"].splitlines()]
        for line in filter(None, lines):
            login, sep, username = line.partition("=")
            if not sep or not login.strip() or not username.strip():
                raise ValidationError(
                    _("Write each line as login=username (not “%(line)s”)."),
                    code="bad_line",
                    params={"line": line},
                )
            if not User.objects.filter(username=username.strip()).exists():
                raise ValidationError(
                    _("There is no user “%(username)s”."),
                    code="unknown_user",
                    params={"username": username.strip()},
                )
        return "\n".join(
            "=".join(part.strip() for part in line.partition("=")[::2]) for line in lines if line
        )
