"""``{% slot "name" %}``: render what other apps added at a place of an article page."""

from django import template
from django.utils.safestring import SafeString

from articles import extensions

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context: template.Context, name: str) -> SafeString:
    """The templates added at ``name`` (see ``articles.extensions``), rendered with this context."""
    engine = context.template.engine
    return SafeString(
        "".join(
            engine.get_template(template_name).render(context)
            for template_name in extensions.templates_for(name)
        )
    )
