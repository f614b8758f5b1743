"""The latest result of each questionnaire as a column of the adviser's client list."""

import datetime

from django.db.models import Exists, Max, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.utils import timezone
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from dxnavi.content.i18n import pick
from dxnavi.orgs.client_columns import Cell, Column, Filter, Sort, Status, UrlPattern, company_ids
from dxnavi.prepared import PreparedQuery

from . import pack_cache
from .domain.maturity import format_hundredths
from .models import Assessment


def _band_labels(pack_id, cache):
    """({band id: label in the current language}, spec) of one pack version, once per pack and call."""
    found = cache.get(pack_id)
    if found is None:
        spec = pack_cache.spec_for(pack_id)
        labels = {}
        for band in spec.bands:
            labels.setdefault(band["id"], pick(band.get("label")))  # the first band of an id, as spec.band() does
        found = cache[pack_id] = (labels, spec)
    return found


def _security_text(total, band_id, _stage, labels, spec):
    return f"{total}/{spec.total_max} {labels.get(band_id, '')}".strip()


def _stage_text(_total, band_id, stage, labels, _spec):
    return labels.get(stage or band_id, "")


def _maturity_text(total, _band_id, _stage, labels, spec):
    return f"{format_hundredths(total)} / {spec.levels[-1]}"


_TEXTS = {"security_selfcheck": _security_text, "dx_stage": _stage_text, "dx_maturity": _maturity_text}


def _latest_query(families):
    def build(ids):
        latest = Assessment.objects.filter(company_id__in=ids, is_latest=True)
        latest = latest.filter(pack_family=families[0]) if len(families) == 1 else latest.filter(pack_family__in=families)
        # The local date is all the list and the export show: the database converts it (reading a
        # timestamptz per row costs more than the rest of the row).
        return latest.annotate(latest_stage=KT("score_details__stage"), latest_day=TruncDate("completed_at")).values_list(
            "pk", "company_id", "pack_family", "pack_id", "total_score", "band_id", "latest_day", "latest_stage"
        )

    return build


_LATEST: dict[tuple, PreparedQuery] = {}
# Above this many companies (an export) the query is built each time: one compiled statement per length.
_PREPARED_MAX = 50


def _latest_rows(ids, families):
    """The latest results' rows of ``ids``; a page's statement is compiled once per process (``PreparedQuery``)."""
    if len(ids) > _PREPARED_MAX:
        return list(_latest_query(families)(ids))
    prepared = _LATEST.get(families)
    if prepared is None:
        prepared = _LATEST[families] = PreparedQuery(_latest_query(families), model=Assessment)
    return prepared.rows(ids=ids)


def latest_values(companies, families=tuple(_TEXTS)) -> dict[str, dict]:
    """{pack family: {company id: Cell}} of the companies' latest results, in one query for all families.

    Plain tuples (``values_list``): no model instances, no JSON beyond the DX stage's ``stage`` key;
    the pack's parsed spec comes from the per-process cache (``pack_cache``), never from a join.
    """
    cells = {family: {} for family in families}
    ids = company_ids(companies)
    if not ids:
        return cells
    url = UrlPattern("assessments:result", 2)
    packs = {}
    rows = _latest_rows(ids, tuple(families))
    for pk, company_id, family, pack_id, total, band_id, day, stage in rows:
        labels, spec = _band_labels(pack_id, packs)
        text = _TEXTS[family](total, band_id, stage, labels, spec)
        cells[family][company_id] = Cell(text, day, url(company_id, pk))
    return cells


def security_values(companies):
    return latest_values(companies, ("security_selfcheck",))["security_selfcheck"]


def stage_values(companies):
    return latest_values(companies, ("dx_stage",))["dx_stage"]


def maturity_values(companies):
    return latest_values(companies, ("dx_maturity",))["dx_maturity"]


# The three columns share one query per page (``Column.batch``).
COLUMNS = [
    Column("security_selfcheck", _("Security self-check"), security_values, batch=latest_values),
    Column("dx_stage", _("Digitalization stage"), stage_values, batch=latest_values),
    Column("dx_maturity", _("DX maturity"), maturity_values, batch=latest_values),
]


# --- Filters, sorts and status counts of the client list (issue #12) --------------------------------
#
# Every condition is an EXISTS / scalar subquery on the company's own rows, each answered from an index:
# the latest result (``uniq_assessment_latest``: company, pack family WHERE is_latest: the newest
# completion, so also "no self-check in 12 months") and the draft (``uniq_assessment_draft``: company,
# pack family WHERE draft).

SELFCHECK, STAGE, MATURITY = "security_selfcheck", "dx_stage", "dx_maturity"
STALE_DAYS = 365  # "no self-check in the last 12 months"


def _latest(family):
    return Assessment.objects.filter(company_id=OuterRef("pk"), pack_family=family, is_latest=True)


def _latest_score(family):
    return Subquery(_latest(family).values("total_score")[:1])


def _current_pack_ids(memo) -> dict:
    """{pack id: row of its current version}, one query per request (shared through ``memo``)."""
    found = memo.get("assessments:current_packs")
    if found is None:
        from .models import QuestionnairePack

        found = {}
        for pack_id, pk in QuestionnairePack.objects.order_by("-pk").values_list("pack_id", "pk"):
            found.setdefault(pack_id, pk)
        memo["assessments:current_packs"] = found
    return found


def _band_choices(family, memo):
    """(band id, label) of the pack's current version, lowest first (none when the pack is not loaded)."""
    pk = _current_pack_ids(memo).get(family)
    if pk is None:
        return []
    labels, spec = _band_labels(pk, {})
    return [(band_id, labels[band_id]) for band_id in dict.fromkeys(b["id"] for b in spec.bands)]


def _maturity_levels(memo):
    pk = _current_pack_ids(memo).get(MATURITY)
    if pk is None:
        return []
    levels = pack_cache.spec_for(pk).levels
    return [(str(level), _("Level %(level)s") % {"level": level}) for level in levels]


def _maturity_condition(value):
    # total = the overall level in hundredths (2.35 -> 235): level L = [L·100, L·100 + 100)
    level = int(value)
    return Exists(_latest(MATURITY).filter(total_score__gte=level * 100, total_score__lt=level * 100 + 100))


def _stale():
    """No self-check completed in the last 12 months: the latest one (the newest completion) is older, or
    there is none; one probe of ``uniq_assessment_latest`` per company. Counted in whole days (since the
    start of the day ``STALE_DAYS`` ago), so the condition is the same all day (the client list's counts
    are compiled once per day, ``orgs.client_list.status_counts``)."""
    day = timezone.localdate() - datetime.timedelta(days=STALE_DAYS)
    since = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return ~Exists(_latest(SELFCHECK).filter(completed_at__gte=since))


def _draft():
    return Exists(Assessment.objects.filter(company_id=OuterRef("pk"), status=Assessment.Status.DRAFT))


def _last_activity():
    """The last time anything was answered or completed (a draft's autosave included)."""
    return Subquery(
        Assessment.objects.filter(company_id=OuterRef("pk")).order_by().values("company_id").annotate(last=Max("updated")).values("last")[:1]
    )


def _packs_version(memo):
    """What the band and level choices depend on besides the language: the current packs' row ids (a
    stored pack version is immutable)."""
    return tuple(sorted(_current_pack_ids(memo).items()))


FILTERS = [
    Filter("selfcheck_band", _("Latest self-check result"), lambda memo: _band_choices(SELFCHECK, memo),
           lambda v: Exists(_latest(SELFCHECK).filter(band_id=v)), version=_packs_version),
    Filter("dx_stage", _("Digitalization stage"), lambda memo: _band_choices(STAGE, memo), lambda v: Exists(_latest(STAGE).filter(band_id=v)),
           version=_packs_version),
    Filter("dx_maturity", _("DX maturity"), _maturity_levels, _maturity_condition, version=_packs_version),
]  # fmt: skip
SORTS = [
    # The DX stage's total is its number (1 = lowest), the maturity's the level in hundredths.
    Sort(SELFCHECK, _("Security self-check"), lambda: _latest_score(SELFCHECK)),
    Sort(STAGE, _("Digitalization stage"), lambda: _latest_score(STAGE)),
    Sort(MATURITY, _("DX maturity"), lambda: _latest_score(MATURITY)),
    Sort("last_activity", _("Last activity"), _last_activity),
]
STATUSES = [
    Status("no_recent_selfcheck", _("No self-check in 12 months"), _stale),
    Status("draft", _("Unfinished questionnaire"), _draft),
]
