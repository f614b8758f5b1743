"""全国の統計: a result next to published national figures, while peers cannot be shown yet.

The peer comparison needs at least ``peers.MIN_GROUP`` companies with a result; a new instance
has none. Until then a result is compared with the national figures of
``content/reference/national_stats.yaml`` that fit its pack: the security self-check with the
IPA survey's implementation rates per question, the DX stage check with the White Paper's
activity rates at the company's estimated stage. A pack without such figures gets None.

Labelled as national statistics everywhere (never as "peers"), each chart names its
publications (publisher, title, year, section).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dxnavi.content import national_stats
from dxnavi.content.i18n import pick

from .domain import charts


@dataclass(frozen=True)
class Attribution:
    publisher: str
    title: str
    year: int
    section: str
    measure: str
    data_from: str
    verified: bool


@dataclass(frozen=True)
class NationalView:
    chart: charts.Comparison
    subject: str  # what the bars are: "security" or "stage"
    stage: dict | None  # the dx_stage band the shares are taken at
    attributions: list[Attribution]
    does_count: int

    @property
    def unverified(self) -> bool:
        return any(not a.verified for a in self.attributions)

    @property
    def publishers_years(self) -> str:
        """「IPA 2025年」-style short label for the chart's heading (unique, file order)."""
        seen = []
        for a in self.attributions:
            label = _("%(publisher)s (%(year)s)") % {"publisher": a.publisher, "year": a.year}
            if label not in seen:
                seen.append(label)
        return _(", ").join(seen)


def _attributions(figures) -> list[Attribution]:
    result, seen = [], set()
    for fig in figures:
        key = (fig["publication"], pick(fig["section"]), fig["verified"])
        if key in seen:
            continue
        seen.add(key)
        pub = national_stats.publication(fig["publication"])
        result.append(
            Attribution(
                publisher=pick(pub["publisher"]),
                title=pick(pub["title"]),
                year=pub["year"],
                section=key[1],
                measure=pick(fig["measure"]),
                data_from=pick(pub["data_from"]),
                verified=fig["verified"],
            )
        )
    return result


def _own_text(does: bool | None, answer: str | None = None) -> str:
    if answer:
        return _("Your company: %(answer)s") % {"answer": answer}
    if does is None:
        return _("Your company: not answered")
    return _("Your company: does this") if does else _("Your company: does not do this yet")


def _selfcheck_rows(result, figures):
    items = {item.id: item for item in result.items}
    rows = []
    for fig in figures:
        target = fig["compares_with"]
        item = items.get(target["question"])
        if item is None:  # a pack version without this question
            continue
        does = item.option["id"] in target["options"]
        rows.append((fig, does, _own_text(does, pick(item.option["label"]))))
    return rows


def _stage_rows(result, figures):
    by_activity = {row.activity.id: row for row in result.detail.activities}
    rows = []
    for fig in figures:
        row = by_activity.get(fig["compares_with"]["activity"])
        if row is not None:
            rows.append((fig, row.did, _own_text(row.did)))
    return rows


def comparison(result) -> NationalView | None:
    """The national comparison for a result, or None when the peers are shown or no figure fits."""
    if result.peers.shown:
        return None
    figures = national_stats.figures_for(result.spec.id)
    if not figures:
        return None
    stage = None
    if result.spec.strategy == "stage_bayes" and result.detail is not None:
        stage = result.detail.estimate
        rows = _stage_rows(result, figures)
        values = [(fig, fig["values"][stage["id"]], does, text) for fig, does, text in rows]
        subject = "stage"
    elif result.spec.strategy == "sum_bands":
        values = [(fig, fig["value"], does, text) for fig, does, text in _selfcheck_rows(result, figures)]
        subject = "security"
    else:
        return None
    if not values:
        return None
    chart = charts.comparison([(pick(fig["label"]), value, does, text) for fig, value, does, text in values])
    return NationalView(
        chart=chart,
        subject=subject,
        stage=stage,
        attributions=_attributions([fig for fig, *_rest in values]),
        does_count=sum(1 for _fig, _v, does, _t in values if does),
    )
