import json

from django.core.management.base import BaseCommand, CommandParser

from comments import housekeeping


class Command(BaseCommand):
    help = (
        "Purge spam and trash older than 30 days and drop old IP addresses (run it daily), "
        "or answer a privacy request with --export EMAIL / --erase EMAIL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--export", metavar="EMAIL", help="Print every comment of EMAIL as JSON."
        )
        group.add_argument(
            "--erase", metavar="EMAIL", help="Delete (or anonymise) every comment of EMAIL."
        )

    def handle(self, *args, export: str | None, erase: str | None, **options) -> None:
        if export:
            self.stdout.write(
                json.dumps(housekeeping.export_for_email(export), indent=2, ensure_ascii=False)
            )
            return
        if erase:
            result = housekeeping.erase_email(erase)
            self.stderr.write(
                f"Erased comments of {erase}: {result['deleted']} deleted, "
                f"{result['anonymised']} kept as anonymous placeholders for their replies."
            )
            return
        purged = housekeeping.purge_spam_and_trash()
        dropped = housekeeping.drop_old_ip_addresses()
        self.stdout.write(
            f"Purged {purged} spam/trash comments; dropped {dropped} stored IP addresses."
        )
