"""The import as a Django task: started from the admin page, run by the configured backend."""

from django.db.models import F
from django.tasks import task
from django.utils import timezone


@task
def run_import(run_id: int) -> int:
    """Run one :class:`ImportRun` (dry or real); returns how many changes it made."""
    from byline.wordpress.importer import Options, import_wordpress
    from byline.wordpress.models import ImportRun

    run = ImportRun.objects.get(pk=run_id)
    if run.state != ImportRun.State.QUEUED:
        return 0  # already taken by another worker, or finished
    ImportRun.objects.filter(pk=run_id).update(state=ImportRun.State.RUNNING)

    def progress(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(items_done=done, items_total=total)

    author_map = dict(line.split("=", 1) for line in run.author_map.splitlines() if "=" in line)
    try:
        with run.file.open("rb") as file:
            report = import_wordpress(
                file,
                options=Options(
                    media_dir=run.media_path,
                    author_map=author_map,
                    pages=run.pages,
                    dry_run=run.dry_run,
                ),
                progress=progress,
            )
    except Exception as error:  # the page shows what went wrong instead of "running" forever
        ImportRun.objects.filter(pk=run_id).update(
            state=ImportRun.State.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        raise
    ImportRun.objects.filter(pk=run_id).update(
        state=ImportRun.State.DONE,
        report=report.as_dict(),
        items_done=F("items_total"),
        finished_at=timezone.now(),
    )
    if not run.dry_run:
        # The export holds commenters' emails and IPs: not kept once it is imported.
        # The dry run that led here shares the file: neither keeps it.
        name = run.file.name
        run.file.storage.delete(name)
        ImportRun.objects.filter(file=name).update(file="")
    return report.changes
