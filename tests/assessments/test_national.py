"""Issue #10 item 4: 全国の統計 — a result next to published national figures while peers are hidden."""

import copy

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from dxnavi.assessments import documents, national, services
from dxnavi.assessments.domain import charts
from dxnavi.content import national_stats
from tests.assessments.helpers import all_answers, answers_for_total, complete_with, load_pack, member_access
from tests.dxdiag.helpers import STAGE_PACK, load_packs, stage_answers
from tests.factories import CompanyFactory, UserFactory, member

IPA = {"SC01": 73.0, "SC02": 71.4, "SC05": 37.9, "SC25": 39.2}


def _raw():
    with open(f"{settings.CONTENT_DIR}/reference/national_stats.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# --- the content file ---------------------------------------------------------------------


def test_national_stats_file_is_valid_and_every_figure_names_its_publication():
    data = _raw()
    national_stats.validate(data)
    for fig in data["figures"]:
        pub = national_stats.publication(fig["publication"])
        assert pub["publisher"]["ja"] and pub["title"]["ja"] and pub["year"] >= 2024
        assert "seed" not in str(fig).lower() and "seed" not in str(pub).lower()


def test_national_stats_ipa_figures_are_the_published_ones():
    figs = {f["compares_with"]["question"]: f for f in national_stats.figures_for("security_selfcheck")}
    assert {q: f["value"] for q, f in figs.items()} == IPA
    assert {tuple(f["compares_with"]["options"]) for f in figs.values()} == {("yes", "partial")}


def test_national_stats_white_paper_table_matches_the_stage_pack(db):
    stage_pack, _maturity = load_packs()
    table = {a["id"]: a["percent"] for a in stage_pack.spec.scoring["statistics"]["activities"]}
    figs = {f["compares_with"]["activity"]: f["values"] for f in national_stats.figures_for(STAGE_PACK)}
    assert figs == table


def test_national_stats_compares_with_existing_questions(db):
    spec = load_pack().spec
    for fig in national_stats.figures_for("security_selfcheck"):
        question = spec.question(fig["compares_with"]["question"])
        assert question is not None
        assert set(fig["compares_with"]["options"]) <= {o["id"] for o in spec.options_for(question)}


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["figures"][0].pop("publication"), "unknown publication"),
        (lambda d: d["figures"][0].update(value=101), "percentage from 0 to 100"),
        (lambda d: d["figures"][0].pop("verified"), "verified"),
        (lambda d: d["figures"][0]["label"].pop("en"), "label.en"),
        (lambda d: d["figures"][5]["values"].pop("stage4"), "one number for each"),
        (lambda d: d["figures"][0].update(values={"stage1": 1}), "exactly one of value or values"),
        (lambda d: d["publications"][0].pop("year"), "needs a year"),
        (lambda d: d["figures"].append(copy.deepcopy(d["figures"][0])), "listed twice"),
        (lambda d: d["figures"][0].update(as_of="soon"), "as_of"),
    ],
)
def test_national_stats_validate_refuses_broken_content(change, message):
    data = _raw()
    change(data)
    with pytest.raises(ValueError, match=message):
        national_stats.validate(data)


# --- chart geometry ------------------------------------------------------------------------


def test_comparison_chart_bars_scale_to_the_track_and_fit_the_width():
    chart = charts.comparison([("a", 50.0, True, "x"), ("b", 100.0, False, "y")])
    assert [r.bar_width for r in chart.rows] == [charts.TRACK / 2, charts.TRACK]
    assert [g.label for g in chart.grid] == ["0%", "25%", "50%", "75%", "100%"]
    assert chart.height == charts.TOP + 2 * charts.ROW_HEIGHT + 4
    assert max(r.value_x for r in chart.rows) + 44 <= chart.width


def test_trend_chart_scale_and_points():
    trend = charts.trend([("2026-01", 40, "40"), ("2026-06", 80, "80")], low=0, high=100, ticks=[(0, "0"), (100, "100")])
    assert [t.y for t in trend.ticks] == [charts.PLOT_BOTTOM, charts.PLOT_TOP]
    assert [p.y for p in trend.points] == [97.2, 44.4]  # 150 − 0.4 × 132, 150 − 0.8 × 132
    assert trend.points[0].x < trend.points[1].x <= trend.width


def test_trend_chart_with_many_points_labels_only_first_and_last_date():
    trend = charts.trend([(f"d{i}", i, str(i)) for i in range(8)], low=0, high=10, ticks=[])
    assert [p.show_date for p in trend.points] == [True] + [False] * 6 + [True]


# --- the result page ----------------------------------------------------------------------


def _owner_with_selfcheck(answers):
    owner = UserFactory()
    company = CompanyFactory()
    member(company, owner)
    return owner, complete_with(company, answers, user=owner)


def test_national_selfcheck_comparison_on_a_new_instance(pack):
    answers = all_answers("no") | {"SC01": "yes", "SC02": "partial", "SC05": "unknown"}
    _owner, assessment = _owner_with_selfcheck(answers)
    view = national.comparison(services.result(assessment))
    assert [(r.label, r.percent, r.does) for r in view.chart.rows] == [
        ("OSやソフトウェアを最新に", 73.0, True),
        ("ウイルス対策ソフトを最新に", 71.4, True),
        ("新しい脅威や手口を社内で共有", 37.9, False),
        ("対策をルール化し従業員に明示", 39.2, False),
    ]
    assert view.chart.rows[1].own_text == "自社：一部実施している"
    assert view.does_count == 2
    assert [(a.publisher, a.year, a.verified) for a in view.attributions] == [("独立行政法人情報処理推進機構（IPA）", 2025, False)]


def test_national_selfcheck_page_shows_chart_with_publisher_and_year(client, pack):
    owner, assessment = _owner_with_selfcheck(answers_for_total(60))
    client.force_login(owner)
    page = client.get(reverse("assessments:result", args=[assessment.company_id, assessment.pk])).content.decode()
    section = page.split('id="national-stats"')[1].split("</section>")[0]
    assert "全国の統計" in section
    assert "独立行政法人情報処理推進機構（IPA）（2025年）" in section
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in section
    assert section.count('class="national-row"') == 4
    assert "<title id=\"national-chart-title-" in section and "<desc id=\"national-chart-desc-" in section
    assert "同業他社" not in section.split("</h2>")[0]


def test_national_hidden_when_peers_are_shown(pack):
    for _ in range(10):
        complete_with(CompanyFactory(), answers_for_total(50))
    _owner, assessment = _owner_with_selfcheck(answers_for_total(60))
    result = services.result(assessment)
    assert result.peers.shown is True
    assert national.comparison(result) is None


def test_national_stage_comparison_uses_the_estimated_stage(db):
    load_packs()
    company = CompanyFactory()
    assessment = complete_with_stage(company, stage_answers("stage2", yes={"paperless", "website"}))
    result = services.result(assessment)
    view = national.comparison(result)
    stage = result.detail.estimate["id"]
    assert view.stage["id"] == stage
    table = {f["compares_with"]["activity"]: f["values"][stage] for f in national_stats.figures_for(STAGE_PACK)}
    assert [r.percent for r in view.chart.rows] == list(table.values())
    assert [r.does for r in view.chart.rows][:3] == [True, True, False]
    assert [(a.publisher, a.year, a.verified) for a in view.attributions] == [("中小企業庁", 2024, True)]


def test_national_maturity_has_no_figures(db):
    from tests.dxdiag.helpers import MATURITY_PACK, maturity_answers

    load_packs()
    access = member_access(CompanyFactory())
    assessment = services.start_or_resume(access.company, MATURITY_PACK, None, access)
    services.save_answers(assessment, maturity_answers(), None, access)
    assessment = services.complete(assessment, None, access)
    assert national.comparison(services.result(assessment)) is None


def test_national_in_the_pdf_context(pack):
    _owner, assessment = _owner_with_selfcheck(answers_for_total(60))
    context = documents.result_context(member_access(assessment.company), assessment)
    assert context["national"] is not None


def complete_with_stage(company, answers):
    access = member_access(company)
    assessment = services.start_or_resume(company, STAGE_PACK, None, access)
    services.save_answers(assessment, answers, None, access)
    return services.complete(assessment, None, access)


# --- trend on the history page, radar scale ---------------------------------------------------


def test_history_trend_chart_after_two_results(client, pack):
    owner, first = _owner_with_selfcheck(answers_for_total(40))
    client.force_login(owner)
    url = reverse("assessments:history", args=[first.company_id, "security_selfcheck"])
    page = client.get(url).content.decode()
    assert 'class="trend-chart"' not in page
    assert "2回目の診断を終えると" in page
    complete_with(first.company, answers_for_total(72), user=owner)
    page = client.get(url).content.decode()
    section = page.split('id="trend"')[1].split("</section>")[0]
    assert '<title id="trend-chart-title">診断ごとの合計点</title>' in section
    desc = section.split('<desc id="trend-chart-desc">')[1].split("</desc>")[0]
    assert [part.split(": ")[1] for part in desc.split("; ")] == ["40", "72"]
    assert [label for label in ("0", "25", "50", "75", "100") if f">{label}</text>" in section] == ["0", "25", "50", "75", "100"]


def test_history_trend_stage_scale_is_stage_labels(db):
    from dxnavi.assessments import trends

    stage_pack, _maturity = load_packs()
    scale = trends.scale(stage_pack.spec, [1, 3])
    assert scale[:3] == (1, 4, [(1, "段階1"), (2, "段階2"), (3, "段階3"), (4, "段階4")])


def test_history_trend_negative_total_gets_its_own_tick(pack):
    from dxnavi.assessments import trends

    low, high, ticks, label, _plot = trends.scale(pack.spec, [-5, 30])
    assert (low, high, ticks[0], label(-5)) == (-5, 100, (-5, "−5"), "−5")


def test_radar_scale_labels_every_level():
    from dxnavi.assessments.domain import maturity

    radar = maturity.radar([("a", 1, 2), ("b", 2, 3), ("c", 3, 4)], max_level=5)
    assert [level for level, _x, _y in radar.scale] == [0, 1, 2, 3, 4, 5]
    ys = [y for _level, _x, y in radar.scale]
    assert ys == sorted(ys, reverse=True)  # level 0 at the centre, 5 at the outer ring


def test_national_selfcheck_one_source_line_in_english(pack):
    from django.utils import translation

    _owner, assessment = _owner_with_selfcheck(answers_for_total(60))
    with translation.override("en"):
        view = national.comparison(services.result(assessment))
        assert [(a.publisher, a.year) for a in view.attributions] == [("Information-technology Promotion Agency, Japan (IPA)", 2025)]
        assert view.chart.rows[0].own_text == "Your company: Implemented"
