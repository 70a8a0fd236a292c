"""The import report: counts of what was created, updated and left alone, and one line for
every item not imported or changed on the way, grouped by what happened to it."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

#: What each note code means, in the order the report lists them.
NOTE_TITLES = {
    "failed": "Posts that failed (nothing of them was written)",
    "skipped_type": "Items of other kinds, not imported",
    "skipped_status": "Posts not imported because of their status",
    "page_skipped": "Pages skipped (--pages=skip)",
    "page_imported": "Pages imported as articles in the “Pages” category",
    "status_mapped": "Statuses mapped to the nearest Byline state",
    "scheduled": "Scheduled posts (kept scheduled, with their date)",
    "date_missing": "Posts without a usable date",
    "date_local": "Dates read from the local time field (no GMT date in the export)",
    "slug_changed": "Slugs that had to change",
    "summary_from_body": "Summaries written from the body (the post had no excerpt)",
    "title_missing": "Posts without a title",
    "category_flattened": "Categories whose parent was dropped (Byline's categories are flat)",
    "category_renamed": "Categories renamed to stay unique",
    "category_missing": "Posts without a category (filed under “Uncategorized”)",
    "extra_categories": "Posts in several categories (the others became tags)",
    "tag_renamed": "Tags shortened or renamed to fit",
    "author_created": "Authors created as editors (no password: set one to let them log in)",
    "author_matched": "Authors matched to existing users",
    "author_missing": "Authors not in the export's author list (created from the login)",
    "pages_joined": "Multi-page posts joined",
    "embed_linked": "Embeds that became links",
    "embed_dropped": "Embeds dropped",
    "dynamic_block": "Dynamic blocks with no stored content (dropped)",
    "gallery_figures": "Galleries turned into figures",
    "gallery_empty": "Galleries with no images",
    "shortcode_left": "Unknown shortcodes (left as text)",
    "markup_dropped": "Markup Byline's body does not allow (tags removed, text kept)",
    "image_missing": "Images not found in the media folder (removed from the body)",
    "image_invalid": "Images that are not valid JPEG, PNG or WebP files (removed)",
    "image_external": "Images from other sites (removed: Byline serves its own images)",
    "image_no_alt": "Images without alt text (add it in the editor)",
    "featured_missing": "Featured images not imported",
    "comment_status_mapped": "Comments with an unusual status",
    "comment_parent_missing": "Replies whose parent is missing (kept as top-level comments)",
    "comment_pingback": "Pingbacks and trackbacks (kept, marked as such)",
    "comment_skipped": "Comments not imported",
    "comment_changed": "Comment fields changed to fit",
    "comments_of_skipped": "Comments of posts that were not imported",
    "attachments_unused": "Attachments not used by any imported post",
}


@dataclass
class Report:
    """Counts and notes of one import run (the dry run produces the very same report)."""

    counts: Counter = field(default_factory=Counter)
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    dry_run: bool = False

    def note(self, code: str, subject: str, message: str = "") -> None:
        """Record one item not imported or changed on the way."""
        self.notes[code].append(f"{subject}: {message}" if message else subject)

    @property
    def changes(self) -> int:
        """How many rows the run created or changed (0 on a second run of the same file)."""
        return sum(n for name, n in self.counts.items() if name.endswith(("created", "updated")))

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "changes": self.changes,
            "counts": dict(sorted(self.counts.items())),
            "notes": dict(self.ordered_notes()),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Report":
        report = cls(dry_run=data.get("dry_run", False))
        report.counts.update(data.get("counts", {}))
        for code, lines in data.get("notes", {}).items():
            report.notes[code].extend(lines)
        return report

    def count_rows(self) -> list[tuple[str, int]]:
        """The counts, sorted by name (a template cannot call ``items`` on a Counter)."""
        return sorted(self.counts.items())

    def ordered_notes(self) -> list[tuple[str, list[str]]]:
        order = list(NOTE_TITLES)
        codes = sorted(self.notes, key=lambda c: (order.index(c) if c in order else len(order), c))
        return [(code, self.notes[code]) for code in codes if self.notes[code]]

    def sections(self) -> list[tuple[str, list[str]]]:
        """``(title with count, lines)`` per kind of note, for the admin page and the command."""
        return [
            (f"{NOTE_TITLES.get(code, code)} ({len(lines)})", lines)
            for code, lines in self.ordered_notes()
        ]

    def as_text(self) -> str:
        """The report as the command prints it."""
        heading = "Dry run: nothing was written." if self.dry_run else "Import finished."
        lines = [heading, f"{self.changes} changes."]
        lines += [f"  {name}: {n}" for name, n in sorted(self.counts.items())]
        for title, items in self.sections():
            lines.append("")
            lines.append(title)
            lines += [f"  - {item}" for item in items]
        return "\n".join(lines) + "\n"

    def body_text(self) -> str:
        """The report without its first line, which is the only part a dry run says otherwise."""
        return self.as_text().split("\n", 1)[1]
