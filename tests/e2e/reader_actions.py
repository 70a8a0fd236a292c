"""What readers do on the public pages, step by step, shared by the browser scenarios."""

from playwright.sync_api import Page


def open_from_home(page: Page, title: str) -> None:
    """Start at the home page and open the article called ``title`` from its list."""
    page.goto("/")
    page.get_by_role("link", name=title).click()


def write_comment(page: Page, text: str, *, name: str, email: str) -> None:
    """Fill the "Leave a Reply" form wherever it stands (under the article or a comment)."""
    page.get_by_role("textbox", name="Comment", exact=True).fill(text)
    page.get_by_role("textbox", name="Name", exact=True).fill(name)
    page.get_by_role("textbox", name="Email", exact=True).fill(email)


def post_comment(page: Page, text: str, *, name: str, email: str) -> None:
    """Fill the form, send it and wait for the page it leads back to."""
    write_comment(page, text, name=name, email=email)
    with page.expect_navigation():
        page.get_by_role("button", name="Post Comment").click()
