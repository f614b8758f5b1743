"""Rules of the 2025/2026 IT frames and of the other programs, from the shipped YAML.

These numbers are NOT in our seeds: each docstring names the official document the YAML cites
and says that the frame is `verified: false` (its estimates are shown as provisional).
"""

from dataclasses import replace

import pytest

from dxnavi.subsidies.domain import CompanyFacts, Statuses

from .conftest import READY, SMALL, SME, estimate, frame_rules, item

SMALL_SHOP = CompanyFacts(is_sme=True, is_small=True, employees=3)
CHAMBER = Statuses(gbizid_prime=True, chamber_confirmation=True)
FACTORY = Statuses(gbizid_prime=True, wage_plan=True)


def company(employees, small=False):
    return CompanyFacts(is_sme=True, is_small=small, employees=employees)


# --- IT導入補助金2025 / デジタル化・AI導入補助金2026 ---------------------------------------------


def test_it2025_security_small_business_rate_two_thirds():
    """IT導入補助金2025の概要 セキュリティ対策推進枠: 小規模事業者 2/3 (secondary sources; verified: false)."""
    result = estimate(2025, "it_security", [item("security_service", 30_000, months=24)], company=SMALL)
    assert result.subsidy == 480_000


def test_it2025_security_cap_150man():
    """IT導入補助金2025の概要 セキュリティ対策推進枠: 5万円〜150万円 (secondary sources; verified: false)."""
    result = estimate(2025, "it_security", [item("security_service", 100_000, months=24)], company=SMALL)
    assert (int(result.pools[0].calculated), result.subsidy) == (1_600_000, 1_500_000)


def test_it2025_security_sme_rate_one_half():
    """IT導入補助金2025の概要 セキュリティ対策推進枠: 中小企業 1/2 (secondary sources; verified: false)."""
    result = estimate(2025, "it_security", [item("security_service", 100_000, months=24)])
    assert result.subsidy == 1_200_000


def test_it2025_normal_min_wage_near_rate_two_thirds():
    """IT導入補助金2025 公募要領 通常枠: 最低賃金近傍の事業者 2/3 (secondary sources; verified: false)."""
    statuses = replace(READY, min_wage_near=True)
    result = estimate(2025, "it_normal", [item("software", 900_000)], statuses=statuses)
    assert (result.subsidy, result.pools[0].rate_reason) == (600_000, "raise")


def test_it2025_normal_without_min_wage_near_one_half():
    """IT導入補助金2025 公募要領 通常枠: 補助率 1/2 (secondary sources; verified: false)."""
    assert estimate(2025, "it_normal", [item("software", 900_000)]).subsidy == 450_000


def test_it2025_normal_implementation_support_counts():
    """IT導入補助金2025: 導入関連費（保守サポート・活用支援を含む）が通常枠の対象 (secondary sources)."""
    result = estimate(2025, "it_normal", [item("software", 300_000), item("implementation", 200_000)])
    assert (result.eligible_cost, result.subsidy) == (500_000, 250_000)


@pytest.mark.parametrize("year", [2025, 2026])
def test_it_invoice_bands_unchanged_after_2024(year):
    """2025/2026 インボイス対応類型: 50万円以下 3/4 (小規模4/5)、超える部分 2/3 — same as seed 004 (secondary; verified: false)."""
    assert estimate(year, "it_invoice", [item("software", 1_000_000)]).subsidy == 722_222
    assert estimate(year, "it_invoice", [item("software", 1_000_000)], company=SMALL).subsidy == 750_000


def test_it2026_normal_cap_450man_for_four_processes():
    """デジタル化・AI導入補助金2026 詳細概要 通常枠: 業務プロセス4つ以上 150万〜450万円 (reprint of the official overview; verified: false)."""
    statuses = replace(READY, it_processes=4, wage_plan=True)
    assert estimate(2026, "it_normal", [item("software", 12_000_000)], statuses=statuses).subsidy == 4_500_000


# --- ものづくり補助金 -------------------------------------------------------------------------


def test_monozukuri2025_rate_one_half():
    """ものづくり補助金 第19次 公募要領 (2025-02-14) 製品・サービス高付加価値化枠: 中小企業 1/2 (SMRJ page; frame verified: false)."""
    result = estimate(2025, "mono_high_value", [item("equipment", 10_000_000)], company=company(30), statuses=FACTORY)
    assert (result.status, result.subsidy) == ("met", 5_000_000)


def test_monozukuri2025_small_business_rate_two_thirds():
    """ものづくり補助金 第19次: 小規模事業者 2/3 (SMRJ page; frame verified: false)."""
    result = estimate(2025, "mono_high_value", [item("equipment", 3_000_000)], company=company(5, small=True), statuses=FACTORY)
    assert result.subsidy == 2_000_000


@pytest.mark.parametrize(
    "employees, cap", [(5, 7_500_000), (6, 10_000_000), (20, 10_000_000), (21, 15_000_000), (50, 15_000_000), (51, 25_000_000)]
)
def test_monozukuri2025_cap_by_employees(employees, cap):
    """ものづくり補助金 第19次: 上限 5人以下750万・6〜20人1,000万・21〜50人1,500万・51人以上2,500万円 (secondary; verified: false)."""
    result = estimate(2025, "mono_high_value", [item("equipment", 80_000_000)], company=company(employees), statuses=FACTORY)
    assert (result.pools[0].cap, result.subsidy) == (cap, cap)


def test_monozukuri2025_below_minimum_does_not_apply():
    """ものづくり補助金 第19次: 補助下限 100万円 (secondary; verified: false)."""
    result = estimate(2025, "mono_high_value", [item("equipment", 1_500_000)], company=company(30), statuses=FACTORY)
    assert (result.status, result.subsidy, [b.code for b in result.blockers]) == ("not", 0, ["below_min"])


def test_monozukuri2025_pc_is_not_counted():
    """ものづくり補助金 公募要領: PC・タブレット等の汎用性があり目的外使用になり得るものは対象外 (secondary)."""
    result = estimate(
        2025, "mono_high_value", [item("equipment", 4_000_000), item("pc", 1_000_000)], company=company(30), statuses=FACTORY
    )
    assert ([line.counted for line in result.lines], result.subsidy) == ([True, False], 2_000_000)


def test_monozukuri2025_missing_wage_plan_is_almost():
    """ものづくり補助金 第19次 基本要件: 賃上げを含む事業計画 (secondary; requirement unverified)."""
    result = estimate(
        2025, "mono_high_value", [item("equipment", 4_000_000)], company=company(30), statuses=Statuses(gbizid_prime=True)
    )
    assert (result.status, [m.id for m in result.missing]) == ("almost", ["wage_plan"])


def test_monozukuri2024_cap_21_or_more_employees():
    """ものづくり補助金 第18次 製品・サービス高付加価値化枠 通常類型: 21人以上 1,250万円 (secondary; verified: false)."""
    result = estimate(2024, "mono_high_value", [item("equipment", 40_000_000)], company=company(40), statuses=FACTORY)
    assert result.subsidy == 12_500_000


# --- 小規模事業者持続化補助金 -----------------------------------------------------------------------


def test_jizokuka2025_only_small_businesses():
    """seed 000「小規模事業者持続化補助金」: 対象は小規模事業者 (従業員5人/20人以下)."""
    result = estimate(2025, "jizoku_normal", [item("equipment", 600_000)], company=SME, statuses=CHAMBER)
    assert (result.status, [b.code for b in result.blockers]) == ("not", ["not_small"])


def test_jizokuka2025_rate_two_thirds():
    """jizokukanb.com (全国商工会連合会) 一般型・通常枠: 補助率 2/3."""
    assert estimate(2025, "jizoku_normal", [item("equipment", 600_000)], company=SMALL_SHOP, statuses=CHAMBER).subsidy == 400_000


def test_jizokuka2025_cap_50man():
    """jizokukanb.com 一般型・通常枠: 補助上限 50万円."""
    result = estimate(2025, "jizoku_normal", [item("equipment", 1_200_000)], company=SMALL_SHOP, statuses=CHAMBER)
    assert (result.subsidy, result.pools[0].capped) == (500_000, True)


def test_jizokuka2025_invoice_special_adds_50man():
    """jizokukanb.com / seed 000: インボイス特例 上限に50万円上乗せ (免税事業者がインボイス発行事業者に登録)."""
    statuses = replace(CHAMBER, invoice_special=True, invoice_registered=True)
    result = estimate(2025, "jizoku_normal", [item("equipment", 3_000_000)], company=SMALL_SHOP, statuses=statuses)
    assert (result.pools[0].cap, result.subsidy) == (1_000_000, 1_000_000)


def test_jizokuka2025_invoice_special_needs_registration():
    """seed 000 インボイス特例: 免税事業者からインボイス発行事業者に転換する場合 — without registration no addition."""
    statuses = replace(CHAMBER, invoice_special=True)
    assert (
        estimate(2025, "jizoku_normal", [item("equipment", 3_000_000)], company=SMALL_SHOP, statuses=statuses).subsidy == 500_000
    )


def test_jizokuka2025_wage_special_adds_150man():
    """第17回 公募要領 (2025-03-04) 賃金引上げ特例: 上限に150万円上乗せ (secondary; verified: false)."""
    statuses = replace(CHAMBER, wage_plan=True)
    result = estimate(2025, "jizoku_normal", [item("equipment", 3_000_000)], company=SMALL_SHOP, statuses=statuses)
    assert (result.pools[0].cap, result.subsidy) == (2_000_000, 2_000_000)


def test_jizokuka2025_loss_making_with_wage_special_three_quarters():
    """jizokukanb.com: 賃金引上げ特例に申請する赤字事業者は補助率 3/4."""
    statuses = replace(CHAMBER, wage_plan=True, loss_making=True)
    assert (
        estimate(2025, "jizoku_normal", [item("equipment", 1_200_000)], company=SMALL_SHOP, statuses=statuses).subsidy == 900_000
    )


def test_jizokuka2025_loss_making_alone_keeps_two_thirds():
    """jizokukanb.com: 3/4 only for loss-making businesses applying for the 賃金引上げ特例."""
    statuses = replace(CHAMBER, loss_making=True)
    assert estimate(2025, "jizoku_normal", [item("equipment", 600_000)], company=SMALL_SHOP, statuses=statuses).subsidy == 400_000


def test_jizokuka2025_missing_chamber_confirmation_is_almost():
    """seed 000: 商工会・商工会議所の支援を受けながら取り組む (事業支援計画書 様式4)."""
    result = estimate(
        2025, "jizoku_normal", [item("equipment", 600_000)], company=SMALL_SHOP, statuses=Statuses(gbizid_prime=True)
    )
    assert (result.status, [m.id for m in result.missing]) == ("almost", ["chamber"])


def test_jizokuka2025_pc_is_not_counted():
    """持続化補助金 公募要領: PC・タブレット等の汎用品は補助対象外 (secondary)."""
    result = estimate(
        2025, "jizoku_normal", [item("pc", 300_000), item("equipment", 300_000)], company=SMALL_SHOP, statuses=CHAMBER
    )
    assert ([line.reason for line in result.lines], result.subsidy) == (["ineligible", "counted"], 200_000)


def test_jizokuka2024_wage_frame_loss_making_three_quarters():
    """第16回 公募要領 賃金引上げ枠: 赤字事業者 3/4、上限200万円 (secondary; verified: false)."""
    statuses = replace(CHAMBER, wage_plan=True, loss_making=True)
    assert (
        estimate(2024, "jizoku_wage", [item("equipment", 4_000_000)], company=SMALL_SHOP, statuses=statuses).subsidy == 2_000_000
    )
    assert estimate(2024, "jizoku_wage", [item("equipment", 800_000)], company=SMALL_SHOP, statuses=statuses).subsidy == 600_000


# --- 中小企業省力化投資補助金 -----------------------------------------------------------------------


def test_shoryokuka2026_band_above_1500man_at_one_third():
    """一般型 第5回 公募要領 (2025-12-19): 補助金額1,500万円までは1/2、超える部分は1/3 (secondary; verified: false).

    40,000,000 yen: 30,000,000 yen of cost fill the 1/2 band (15,000,000 yen), the other
    10,000,000 yen get 1/3 (3,333,333 yen).
    """
    result = estimate(2026, "shoryoku_general", [item("equipment", 40_000_000)], company=company(60), statuses=FACTORY)
    parts = [(p.cost, int(p.subsidy)) for p in result.pools[0].parts]
    assert (parts, result.subsidy) == ([(30_000_000, 15_000_000), (10_000_000, 3_333_333)], 18_333_333)


def test_shoryokuka2026_small_business_two_thirds_in_first_band():
    """一般型 第5回: 小規模事業者・再生事業者 1,500万円まで 2/3 (secondary; verified: false)."""
    result = estimate(2026, "shoryoku_general", [item("equipment", 9_000_000)], company=company(5, small=True), statuses=FACTORY)
    assert result.subsidy == 6_000_000


@pytest.mark.parametrize("raise_, cap", [(False, 30_000_000), (True, 40_000_000)])
def test_shoryokuka2026_cap_21_to_50_employees(raise_, cap):
    """一般型 第5回: 21〜50人 上限3,000万円（大幅な賃上げで4,000万円） (secondary; verified: false)."""
    statuses = replace(FACTORY, large_wage_raise=raise_)
    result = estimate(2026, "shoryoku_general", [item("equipment", 200_000_000)], company=company(30), statuses=statuses)
    assert (result.pools[0].cap, result.subsidy) == (cap, cap)


@pytest.mark.parametrize(
    "employees, raise_, cap", [(5, False, 2_000_000), (5, True, 3_000_000), (10, False, 5_000_000), (25, True, 15_000_000)]
)
def test_shoryokuka2024_catalog_caps(employees, raise_, cap):
    """カタログ型 パンフレット (2024-04): 5人以下200万(300万)・6〜20人500万(750万)・21人以上1,000万(1,500万) (secondary)."""
    statuses = Statuses(gbizid_prime=True, large_wage_raise=raise_)
    result = estimate(2024, "shoryoku_catalog", [item("equipment", 100_000_000)], company=company(employees), statuses=statuses)
    assert result.subsidy == cap


def test_shoryokuka2024_catalog_only_catalog_products():
    """カタログ注文型: カタログに登録された製品のみ — software outside the catalog does not count."""
    result = estimate(
        2024, "shoryoku_catalog", [item("software", 1_000_000)], company=company(10), statuses=Statuses(gbizid_prime=True)
    )
    assert (result.status, result.lines[0].reason) == ("not", "ineligible")


def test_every_shipped_frame_parses():
    """Every frame of every shipped pack passes the rule validation (what the loader runs)."""
    for year, frame_id in [(2024, "it_multi"), (2025, "it_e_trade"), (2026, "mono_innovative")]:
        assert frame_rules(year, frame_id).pools
