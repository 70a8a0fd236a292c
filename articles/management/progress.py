"""A one-line progress bar for long management commands, on stderr."""

import time
from typing import TextIO

from django.core.management.base import OutputWrapper


class ProgressBar:
    """``label [#####.....] done/total rate`` redrawn in place at most four times a second.

    Where stderr is not a terminal (a log file, cron), one line per tenth instead, so the log
    stays readable. Silent when ``quiet`` (``--verbosity 0``).
    """

    def __init__(self, stream: TextIO, label: str, *, quiet: bool = False) -> None:
        self.stream, self.label, self.quiet = stream, label, quiet
        self.started = self.shown = time.perf_counter()
        self.tenths = -1
        isatty = getattr(stream, "isatty", None)
        self.live = bool(isatty and isatty())

    def _write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")  # it would end every write with a newline
        else:
            self.stream.write(text)

    def __call__(self, done: int, total: int) -> None:
        if self.quiet:
            return
        now, total = time.perf_counter(), max(total, 1)
        finished = done >= total
        rate = done / max(now - self.started, 1e-9)
        if self.live:
            if now - self.shown < 0.25 and not finished:
                return
            filled = int(30 * min(done, total) / total)
            self._write(
                f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] "
                f"{done:,}/{total:,} {rate:,.0f}/s"
                + (f" {now - self.started:.1f} s\n" if finished else ""),
            )
        else:
            tenths = 10 * min(done, total) // total
            if tenths == self.tenths:
                return
            self.tenths = tenths
            self._write(f"{self.label}: {done:,}/{total:,} ({rate:,.0f}/s)\n")
        self.shown = now
        self.stream.flush()
