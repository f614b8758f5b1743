"""Published national figures (全国の統計) from ``content/reference/national_stats.yaml``.

A company's result is compared with them while too few companies on this instance have a
result for a peer comparison. Every figure names its publication (publisher, title, year) and
section and says whether the number was checked against the publication itself. The file is
read once per process and validated on first use and by ``manage.py load_content``; a broken
edit raises ValueError naming the figure. The returned structures are shared: do not mutate.
"""

import datetime

from .files import ContentFile
from .validation import AS_OF, check_text

FILE = "national_stats.yaml"
UNITS = ("percent",)
STAGES = ("stage1", "stage2", "stage3", "stage4")  # band ids of the dx_stage pack


def _check_number(where, value):
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError(f"{FILE}: {where} must be a percentage from 0 to 100, not {value!r}")


def _check_as_of(where, item):
    as_of = item.get("as_of")
    if not isinstance(as_of, datetime.date) and not (isinstance(as_of, str) and AS_OF.match(as_of)):
        raise ValueError(f"{FILE}: {where} is missing as_of (YYYY-MM-DD or YYYY-MM)")


def _check_publication(index, pub) -> str:
    if not isinstance(pub, dict) or not isinstance(pub.get("id"), str) or not pub["id"].strip():
        raise ValueError(f"{FILE}: publications[{index}] is missing id")
    where = f"publication {pub['id']!r}"
    for key in ("publisher", "title", "data_from"):
        check_text(FILE, where, pub, key)
    year = pub.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        raise ValueError(f"{FILE}: {where} needs a year")
    if not isinstance(pub.get("checked_in"), str) or not pub["checked_in"].strip():
        raise ValueError(f"{FILE}: {where} needs checked_in (where the numbers were read)")
    return pub["id"]


def _check_figure(index, fig, publications) -> str:
    if not isinstance(fig, dict) or not isinstance(fig.get("id"), str) or not fig["id"].strip():
        raise ValueError(f"{FILE}: figures[{index}] is missing id")
    where = f"figure {fig['id']!r}"
    for key in ("label", "section", "measure"):
        check_text(FILE, where, fig, key)
    if fig.get("publication") not in publications:
        raise ValueError(f"{FILE}: {where} names an unknown publication {fig.get('publication')!r}")
    if fig.get("unit") not in UNITS:
        raise ValueError(f"{FILE}: {where} has unit {fig.get('unit')!r}, expected one of {UNITS}")
    if ("value" in fig) == ("values" in fig):
        raise ValueError(f"{FILE}: {where} needs exactly one of value or values")
    if "value" in fig:
        _check_number(f"{where} value", fig["value"])
    else:
        values = fig["values"]
        if not isinstance(values, dict) or set(values) != set(STAGES):
            raise ValueError(f"{FILE}: {where} values must give one number for each of {', '.join(STAGES)}")
        for stage, value in values.items():
            _check_number(f"{where} values.{stage}", value)
    target = fig.get("compares_with")
    keys = set(target) if isinstance(target, dict) else set()
    if keys not in ({"pack", "question", "options"}, {"pack", "activity"}) or not isinstance(target["pack"], str):
        raise ValueError(f"{FILE}: {where} needs compares_with {{pack, question, options}} or {{pack, activity}}")
    if not isinstance(target.get("question") or target.get("activity"), str):
        raise ValueError(f"{FILE}: {where} compares_with needs a question or an activity id")
    options = target.get("options", ["-"])
    if not isinstance(options, list) or not options or not all(isinstance(o, str) for o in options):
        raise ValueError(f"{FILE}: {where} compares_with.options lists the option ids that count as doing it")
    if "values" in fig and "activity" not in target:
        raise ValueError(f"{FILE}: {where} has values by stage, so it compares with a dx_stage activity")
    if not isinstance(fig.get("source"), str) or not fig["source"].strip():
        raise ValueError(f"{FILE}: {where} is missing source")
    _check_as_of(where, fig)
    if not isinstance(fig.get("verified"), bool):
        raise ValueError(f"{FILE}: {where} needs verified: true or false")
    return fig["id"]


def validate(data) -> None:
    if not isinstance(data, dict) or data.get("id") != "national_stats":
        raise ValueError(f"{FILE}: expected a mapping with id 'national_stats'")
    if not isinstance(data.get("version"), str):
        raise ValueError(f"{FILE}: version must be a quoted string")
    publications = set()
    for index, pub in enumerate(data.get("publications") or []):
        pub_id = _check_publication(index, pub)
        if pub_id in publications:
            raise ValueError(f"{FILE}: publication {pub_id!r} is listed twice")
        publications.add(pub_id)
    figures = data.get("figures")
    if not isinstance(figures, list) or not figures:
        raise ValueError(f"{FILE}: figures is missing or empty")
    seen, targets = set(), set()
    for index, fig in enumerate(figures):
        fig_id = _check_figure(index, fig, publications)
        target = (fig["compares_with"]["pack"], fig["compares_with"].get("question"), fig["compares_with"].get("activity"))
        if fig_id in seen or target in targets:
            raise ValueError(f"{FILE}: figure {fig_id!r} is listed twice or compares with the same answer as another")
        seen.add(fig_id)
        targets.add(target)


_FILE = ContentFile(f"reference/{FILE}", lambda data: validate(data))


def _read() -> dict:
    return _FILE.read()


def data() -> dict:
    return _FILE.data()


def check_file() -> list[str]:
    """Content loader for ``manage.py load_content``: re-read and validate (nothing is stored)."""
    fresh = _FILE.reload()
    return [f"reference/{FILE} {fresh['version']}: {len(fresh['figures'])} national figures — valid"]


def publication(pub_id: str) -> dict:
    return next(p for p in data()["publications"] if p["id"] == pub_id)


def figures_for(pack_id: str) -> list[dict]:
    """The figures compared with answers of one questionnaire pack, in file order."""
    return [f for f in data()["figures"] if f["compares_with"]["pack"] == pack_id]
