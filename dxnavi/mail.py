"""Plain-text e-mail: rendered with autoescaping off, sent in the recipient's language.

E-mail bodies and subjects are text, not HTML: ``A&B`` must arrive as ``A&B``, not ``A&amp;B``.
Every e-mail template (``*/email/*.txt``) is rendered here, never with ``render_to_string``.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template
from django.utils import translation


def render_plain(template_name: str, context: dict) -> str:
    """Render a text template with autoescape off (the Django engine escapes HTML by default)."""
    template = get_template(template_name).template  # the engine's own Template, which takes a Context
    return template.render(Context(context, autoescape=False))


def render_subject(template_name: str, context: dict) -> str:
    # A header cannot contain newlines.
    return "".join(render_plain(template_name, context).splitlines()).strip()


def send_plain_mail(subject_template: str, body_template: str, context: dict, to: str, *, language: str | None = None) -> None:
    """Render the subject and body (in ``language`` when given) and send one message to ``to``."""
    codes = {code for code, _label in settings.LANGUAGES}
    with translation.override(language if language in codes else translation.get_language()):
        subject = render_subject(subject_template, context)
        body = render_plain(body_template, context)
    EmailMultiAlternatives(subject, body, None, [to]).send()
