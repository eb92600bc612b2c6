"""E-mail subjects, rendered the one way every e-mail of the site uses."""

from django.template import Context
from django.template.loader import get_template


def render_subject(template_name: str, context: dict) -> str:
    """A subject template as the plain text of one header line.

    A subject is not HTML: rendered with autoescaping, a title such as
    "Demande d'allocations" arrives as "Demande d&#x27;allocations". And a
    header holds one line: every run of whitespace, newlines included,
    becomes one space (Django refuses a newline in a header outright)."""
    template = get_template(template_name).template  # the engine's own, which takes a Context
    text = template.render(Context(context, autoescape=False))
    return " ".join(text.split())
