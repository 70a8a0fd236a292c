from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.media.models import Image as LibraryImage
from articles.models import AuthorProfile
from byline import roles
from byline.demo import articles as demo_articles
from byline.demo import comments as demo_comments
from byline.demo import links as demo_links
from byline.demo.articles import cover_image
from byline.models import SiteSettings

DEMO_PASSWORD = "byline-demo"
#: (username, first name, last name, staff group or None for a superuser, what the login prints)
DEMO_ACCOUNTS = [
    ("editor", "Eleanor", "Editor", roles.EDITORS, "Editor"),
    ("moderator", "Morgan", "Moderator", roles.MODERATORS, "Moderator"),
    ("admin", "Ada", "Administrator", None, "Administrator"),
]
DEMO_EDITOR_BIO = (
    "Eleanor edits Byline's explainers on health, money and the home. Before that she spent "
    "ten years on a local newspaper's consumer desk, answering readers' questions."
)

DEMO_LOADERS = [
    demo_articles.load,
    demo_comments.load,  # after the articles' loader: it comments on published articles
    demo_links.load,  # after the articles' loader: it links published articles
]


class Command(BaseCommand):
    help = "Load the demo site once (running it again changes nothing) and print the demo logins."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site runs, for the printed admin address (make run passes its PORT).",
        )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        self.ensure_accounts()
        self.ensure_site_settings()
        # Each loader is idempotent: it adds what is missing and changes nothing else.
        for loader in DEMO_LOADERS:
            loader(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Demo logins for {options['base_url'].rstrip('/')}/admin/")
        )
        for username, _first, _last, _group, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<14} {username} / {DEMO_PASSWORD}")
        self.stdout.write("")

    def ensure_accounts(self) -> None:
        User = get_user_model()
        for username, first_name, last_name, group_name, _role in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@example.com",
                    "is_staff": True,
                    # The administrator manages users and everything else; roles are groups.
                    "is_superuser": group_name is None,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            if group_name is not None:
                user.groups.add(Group.objects.get(name=group_name))
        self.ensure_editor_profile(User.objects.get(username="editor"))

    def ensure_editor_profile(self, editor: Any) -> None:
        """The demo editor's byline: a bio and a portrait, made once and never overwritten."""
        profile, created = AuthorProfile.objects.get_or_create(user=editor)
        if not created and (profile.bio or profile.picture):
            return
        profile.bio = DEMO_EDITOR_BIO
        portrait = LibraryImage(
            title="Portrait of the demo editor",
            alt="Portrait of the demo editor: the initials EE on a colour gradient",
            file=ContentFile(
                cover_image("#2f6f73", "#d9a441", "EE", size=(600, 600)), "eleanor.jpg"
            ),
            uploaded_by=editor,
        )
        portrait.save()  # into the media library, like every picture on the site
        profile.picture = portrait
        profile.save()

    def ensure_site_settings(self) -> None:
        settings = SiteSettings.load()
        if settings.tagline:
            return  # the site's own settings are never overwritten
        settings.site_name = "Byline"
        settings.tagline = "Clear explainers on health, money and everyday life"
        settings.get_in_touch = (
            "Questions about an article, or a story we should cover? We read everything."
        )
        settings.whatsapp_number = "+44 20 7946 0958"
        settings.email = "hello@byline.example"
        settings.postal_address = (
            "Byline Editorial\n12 Market Street\nLeeds LS1 6DT\nUnited Kingdom"
        )
        settings.support_hours = "Available 24/7"
        settings.save()
