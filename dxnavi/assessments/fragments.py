"""Cached pieces of a completed result's page: what only the result itself decides.

A completed assessment's answers, scores and pack version never change, nor does the result
before it; so the parts of the result page drawn from them alone (the chart and part table,
the strategy sections, the change since the previous check, the table of all answers) render
the same HTML every time. The templates wrap those parts in ``{% cache FRAGMENT_TIMEOUT name
fragment_key %}`` (Django's template fragment cache, in the default cache: Redis in
production) and render them once. Parts that depend on anything else — who answered (a user
may be renamed), the peer comparison, other apps' sections, bridges to the action list, the
viewer (owner or adviser) — stay outside the cached blocks.

``fragment_key`` names the result and what it is rendered with: the assessment (id, pack row,
completion and last change), the previous result shown beside it, the language, and a digest
of the cached templates and of the translation catalogs, so a changed template or wording
after a deploy is never served from an old entry.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template
from django.utils.translation import get_language

FRAGMENT_TIMEOUT = 7 * 24 * 3600

# Every template with a {% cache … fragment_key %} block (tests/assessments/test_fragments.py checks the list).
CACHED_TEMPLATES = (
    "assessments/_answers_table.html",
    "assessments/_chart.html",
    "assessments/results/_sum_bands.html",
    "assessments/results/_maturity_levels.html",
    "assessments/results/_maturity_levels_answers.html",
    "assessments/results/_radar.html",
    "assessments/results/_stage_bayes.html",
    "assessments/results/_stage_bayes_answers.html",
)


@functools.cache
def rendering_digest() -> str:
    """Digest of the cached templates' sources and of every translation catalog (once per process)."""
    digest = hashlib.sha256()
    for name in CACHED_TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    for catalog in sorted(Path(settings.BASE_DIR, "dxnavi").glob("*/locale/*/LC_MESSAGES/django.mo")):
        digest.update(catalog.read_bytes())
    return digest.hexdigest()[:16]


def _stamp(value) -> str:
    return value.isoformat() if value is not None else "-"


def fragment_key(assessment, previous) -> str:
    """The cache key part that names this rendering of a completed result."""
    parts = [rendering_digest(), get_language() or "", assessment.pk, assessment.pack_id, _stamp(assessment.completed_at)]
    parts.append(_stamp(assessment.updated))
    if previous is not None:
        parts += [previous.pk, previous.pack_id, _stamp(previous.completed_at), _stamp(previous.updated)]
    return ":".join(str(p) for p in parts)
