"""Keep the contact address out of the HTML as plain text, where address harvesters look."""

import base64


def spelled_out(email: str) -> str:
    """The address as people read it aloud: "hello (at) example (dot) org"."""
    local, _, domain = email.partition("@")
    return f"{local} (at) {domain.replace('.', ' (dot) ')}"


def encode(email: str) -> str:
    """A reversible scrambling (reversed, then base64) decoded by static/js/contact.js."""
    return base64.b64encode(email[::-1].encode()).decode()


def decode(token: str) -> str:
    """Undo :func:`encode`."""
    return base64.b64decode(token.encode()).decode()[::-1]
