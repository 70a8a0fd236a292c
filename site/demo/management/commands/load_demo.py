from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from byline import roles
from byline.demo import articles as demo_articles
from byline.demo import comments as demo_comments
from byline.demo import links as demo_links
from byline.models import SiteSettings

DEMO_PASSWORD = "byline-demo"
DEMO_ACCOUNTS = [
    ("editor", "Eleanor", "Editor", roles.EDITORS),
    ("moderator", "Morgan", "Moderator", roles.MODERATORS),
]

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
        for username, _first, _last, group in DEMO_ACCOUNTS:
            self.stdout.write(f"  {group[:-1]:<10} {username} / {DEMO_PASSWORD}")
        self.stdout.write("")

    def ensure_accounts(self) -> None:
        User = get_user_model()
        for username, first_name, last_name, group_name in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@example.com",
                    "is_staff": True,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=group_name))

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
