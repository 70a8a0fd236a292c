"""URL converters that keep impossible values away from the database."""


class UsernameConverter:
    """Like ``str`` (anything but a slash), but never a NUL: PostgreSQL refuses to compare one.

    Wider than Django's username validator on purpose: accounts created in code (imports,
    ``create_user``) skip that validator, and their pages must still have an address.
    """

    regex = "[^/\x00]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
