"""The task worker's part in drafts of live articles (see ``drafts``)."""

from django.tasks import task

from articles.editing import drafts


@task
def publish_due_changes() -> int:
    """Publish every draft of a live article whose time has come (however late this runs)."""
    return drafts.publish_due()
