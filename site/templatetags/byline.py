from django import template
from django.urls import reverse
from django.utils.html import format_html

from byline import email_obfuscation

register = template.Library()


@register.simple_tag
def obfuscated_email(email: str) -> str:
    """A working contact link whose address never appears as plain text in the HTML.

    Without JavaScript the link goes through a redirect to ``mailto:``; with it, contact.js
    shows the real address.
    """
    if not email:
        return ""
    return format_html(
        '<a class="contact-email" href="{}" data-contact="{}">{}</a>',
        reverse("contact-email"),
        email_obfuscation.encode(email),
        email_obfuscation.spelled_out(email),
    )
