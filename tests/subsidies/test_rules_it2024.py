"""IT導入補助金2024: every rule of the three frames in seed 004, computed from the shipped YAML.

Each docstring names the source line of seed 004 (関東経済産業局 2024-10,「<IT導入補助金2024概要>」 table).
"""

from dataclasses import replace
from fractions import Fraction

from .conftest import LARGE, READY, SMALL, estimate, item

# --- 通常枠 -----------------------------------------------------------------------------------


def test_normal_rate_is_one_half():
    """seed 004 IT導入補助金2024 通常枠 補助率 中小企業 1/2."""
    result = estimate(2024, "it_normal", [item("software", 1_000_000)])
    assert (result.status, result.subsidy, result.pools[0].rate) == ("met", 500_000, Fraction(1, 2))


def test_normal_small_business_rate_is_still_one_half():
    """seed 004 通常枠 補助率 1/2 — the table gives no 小規模 rate for 通常枠."""
    result = estimate(2024, "it_normal", [item("software", 1_000_000)], company=SMALL)
    assert result.subsidy == 500_000


def test_normal_below_minimum_is_not_eligible():
    """seed 004 通常枠 補助上限 業務領域1〜3: 5万円〜150万円 (下限 5万円)."""
    result = estimate(2024, "it_normal", [item("software", 90_000)])
    assert (result.status, result.subsidy, result.subsidy_if_eligible) == ("not", 0, 45_000)
    assert [(b.code, b.params["minimum"]) for b in result.blockers] == [("below_min", 50_000)]


def test_normal_minimum_reached_exactly():
    """seed 004 通常枠 下限 5万円 (inclusive)."""
    result = estimate(2024, "it_normal", [item("software", 100_000)])
    assert (result.status, result.subsidy) == ("met", 50_000)


def test_normal_cap_for_one_to_three_processes():
    """seed 004 通常枠 業務領域が1〜3まで: 上限150万円."""
    result = estimate(2024, "it_normal", [item("software", 4_000_000)], statuses=replace(READY, it_processes=3))
    assert (result.subsidy, result.pools[0].cap, result.pools[0].capped) == (1_500_000, 1_500_000, True)


def test_normal_cap_for_four_processes():
    """seed 004 通常枠 業務領域4以上: 150万円〜450万円."""
    statuses = replace(READY, it_processes=4, wage_plan=True)
    result = estimate(2024, "it_normal", [item("software", 10_000_000)], statuses=statuses)
    assert (result.status, result.subsidy, result.pools[0].cap) == ("met", 4_500_000, 4_500_000)


def test_normal_four_processes_below_150man_uses_lower_band():
    """seed 004 通常枠: 4プロセス以上の区分は150万円から; below that the 1〜3 band (5万〜150万) applies."""
    result = estimate(2024, "it_normal", [item("software", 1_000_000)], statuses=replace(READY, it_processes=4))
    assert (result.status, result.subsidy, result.pools[0].cap) == ("met", 500_000, 1_500_000)


def test_normal_no_business_process_does_not_apply():
    """seed 004 通常枠 補助上限は業務領域（プロセス）の数で決まる: a tool covering none fits no band."""
    result = estimate(2024, "it_normal", [item("software", 1_000_000)], statuses=replace(READY, it_processes=0))
    assert (result.status, [b.code for b in result.blockers]) == ("not", ["no_tier"])


def test_normal_hardware_is_not_counted():
    """seed 004 通常枠 対象経費: ソフトウェア購入費、クラウド利用料、導入関連費 (ハードウェアは含まれない)."""
    result = estimate(2024, "it_normal", [item("software", 600_000), item("pc", 200_000), item("register", 300_000)])
    assert [(line.kind, line.counted, line.reason) for line in result.lines] == [
        ("software", True, "counted"),
        ("pc", False, "ineligible"),
        ("register", False, "ineligible"),
    ]
    assert (result.eligible_cost, result.subsidy, result.total_cost) == (600_000, 300_000, 1_100_000)


def test_normal_cloud_counts_two_years_at_most():
    """seed 004 通常枠 対象経費 クラウド利用料(最大2年分)."""
    result = estimate(2024, "it_normal", [item("cloud", 30_000, months=36)])
    line = result.lines[0]
    assert (line.reason, line.months_counted, line.cost, line.eligible_cost) == ("months_capped", 24, 1_080_000, 720_000)
    assert result.subsidy == 360_000


def test_normal_otasuketai_option_counts_one_year():
    """seed 004 通常枠: オプションとして「サイバーセキュリティお助け隊」を申請した場合、利用料の1年分."""
    result = estimate(2024, "it_normal", [item("software", 400_000), item("security_service", 10_000, months=24)])
    assert (result.lines[1].months_counted, result.eligible_cost, result.subsidy) == (12, 520_000, 260_000)


def test_normal_implementation_alone_does_not_apply():
    """seed 004 通常枠 要件: ITツール(ソフトウェア)を導入 — 導入関連費だけでは申請できない."""
    result = estimate(2024, "it_normal", [item("implementation", 500_000)])
    assert (result.status, [b.code for b in result.blockers]) == ("not", ["required_items"])


def test_normal_missing_security_action_is_almost():
    """seed 002 経済産業省施策紹介「IT導入補助金」: 申請にはSECURITY ACTIONの宣言が要件."""
    result = estimate(2024, "it_normal", [item("software", 1_000_000)], statuses=replace(READY, security_action=0))
    assert (result.status, [m.id for m in result.missing], result.subsidy) == ("almost", ["security_action"], 500_000)


def test_normal_wage_plan_missing_from_150man_is_almost():
    """IT導入補助金2024 公募要領 通常枠: 補助額150万円以上は賃上げ目標が必須 (secondary source; requirement flagged unverified)."""
    statuses = replace(READY, it_processes=4)
    result = estimate(2024, "it_normal", [item("software", 4_000_000)], statuses=statuses)
    assert (result.status, [(m.id, m.verified) for m in result.missing]) == ("almost", [("wage_plan", False)])


def test_normal_large_company_does_not_apply():
    """seed 001 巻末資料「IT導入補助金」: 中小企業・小規模事業者が対象."""
    result = estimate(2024, "it_normal", [item("software", 1_000_000)], company=LARGE)
    assert (result.status, result.subsidy, [b.code for b in result.blockers]) == ("not", 0, ["not_sme"])


# --- インボイス枠 インボイス対応類型 -------------------------------------------------------------


def test_invoice_rate_three_quarters_up_to_50man():
    """seed 004 インボイス枠 インボイス対応類型 補助率 〜50万円以下: 3/4."""
    result = estimate(2024, "it_invoice", [item("software", 600_000)])
    assert result.subsidy == 450_000


def test_invoice_small_business_rate_four_fifths():
    """seed 004 インボイス対応類型 補助率 〜50万円以下: 3/4 (小規模事業者: 4/5)."""
    result = estimate(2024, "it_invoice", [item("software", 600_000)], company=SMALL)
    assert result.subsidy == 480_000


def test_invoice_part_above_50man_at_two_thirds():
    """seed 004 インボイス対応類型 補助率 50万円〜350万円: 2/3 — only on the part of the subsidy above 50万円.

    1,000,000 yen: the first 666,667 yen of cost fill the 3/4 band (500,000 yen of subsidy),
    the remaining 333,333 yen get 2/3 (222,222 yen).
    """
    result = estimate(2024, "it_invoice", [item("software", 1_000_000)])
    parts = [(p.cost, p.rate, int(p.subsidy)) for p in result.pools[0].parts]
    assert parts == [(666_667, Fraction(3, 4), 500_000), (333_333, Fraction(2, 3), 222_222)]
    assert result.subsidy == 722_222


def test_invoice_small_business_bands():
    """seed 004 インボイス対応類型: 小規模事業者 4/5 on the first 50万円 of subsidy, 2/3 above."""
    result = estimate(2024, "it_invoice", [item("software", 1_000_000)], company=SMALL)
    parts = [(p.cost, int(p.subsidy)) for p in result.pools[0].parts]
    assert (parts, result.subsidy) == ([(625_000, 500_000), (375_000, 250_000)], 750_000)


def test_invoice_one_function_cap_50man():
    """seed 004 インボイス対応類型 補助上限 ITツール 1機能: 〜50万円."""
    statuses = replace(READY, invoice_functions=1)
    result = estimate(2024, "it_invoice", [item("software", 2_000_000)], statuses=statuses)
    assert (result.subsidy, result.pools[0].cap, result.pools[0].capped) == (500_000, 500_000, True)


def test_invoice_two_functions_cap_350man():
    """seed 004 インボイス対応類型 補助上限 ITツール 2機能以上: 50万〜350万円."""
    result = estimate(2024, "it_invoice", [item("software", 10_000_000)])
    assert (result.pools[0].cap, result.subsidy) == (3_500_000, 3_500_000)


def test_invoice_no_invoice_function_does_not_apply():
    """seed 004 インボイス対応類型 要件: インボイス制度に対応した会計・受発注・決済の機能を有するITツール."""
    result = estimate(2024, "it_invoice", [item("software", 500_000)], statuses=replace(READY, invoice_functions=0))
    assert (result.status, [b.code for b in result.blockers]) == ("not", ["no_tier"])


def test_invoice_pc_subcap_10man():
    """seed 004 インボイス対応類型 補助上限 PC・タブレット等: 〜10万円, 補助率 ハードウェア購入費 1/2."""
    result = estimate(2024, "it_invoice", [item("software", 200_000), item("pc", 300_000)])
    pc = next(p for p in result.pools if p.id == "pc")
    assert (pc.eligible_cost, int(pc.calculated), pc.subsidy, pc.capped) == (300_000, 150_000, 100_000, True)
    assert result.subsidy == 150_000 + 100_000


def test_invoice_pc_below_subcap_at_one_half():
    """seed 004 インボイス対応類型 ハードウェア購入費 補助率 1/2."""
    result = estimate(2024, "it_invoice", [item("software", 200_000), item("pc", 120_000)])
    assert next(p for p in result.pools if p.id == "pc").subsidy == 60_000


def test_invoice_register_subcap_20man():
    """seed 004 インボイス対応類型 補助上限 レジ・券売機等: 〜20万円 (補助率 1/2)."""
    result = estimate(2024, "it_invoice", [item("software", 200_000), item("register", 600_000)])
    register = next(p for p in result.pools if p.id == "register")
    assert (register.subsidy, register.cap) == (200_000, 200_000)


def test_invoice_hardware_alone_does_not_apply():
    """seed 004 インボイス対応類型 要件: ITツール及びそのためのハードウェア — hardware needs the tool."""
    result = estimate(2024, "it_invoice", [item("pc", 200_000), item("register", 300_000)])
    assert (result.status, result.subsidy, [b.code for b in result.blockers]) == ("not", 0, ["required_items"])


def test_invoice_machinery_is_not_counted():
    """seed 004 インボイス対応類型 対象経費: ソフトウェア購入費、クラウド利用料、導入関連費、ハードウェア購入費 (機械装置は含まれない)."""
    result = estimate(2024, "it_invoice", [item("software", 400_000), item("equipment", 1_000_000)])
    assert ([line.counted for line in result.lines], result.subsidy) == ([True, False], 300_000)


def test_invoice_missing_gbizid_is_almost():
    """IT導入補助金2024 公募要領 申請要件 gBizIDプライム (secondary source; requirement flagged unverified)."""
    result = estimate(2024, "it_invoice", [item("software", 400_000)], statuses=replace(READY, gbizid_prime=False))
    assert (result.status, [(m.id, m.verified) for m in result.missing]) == ("almost", [("gbizid", False)])


# --- セキュリティ対策推進枠 ------------------------------------------------------------------------


def test_security_rate_one_half():
    """seed 004 セキュリティ対策推進枠 補助率 中小企業 1/2; 対象経費 お助け隊サービス利用料."""
    result = estimate(2024, "it_security", [item("security_service", 50_000, months=24)])
    assert (result.status, result.subsidy) == ("met", 600_000)


def test_security_small_business_rate_still_one_half():
    """seed 004 セキュリティ対策推進枠 補助率 1/2 (2024年は小規模事業者の別率なし)."""
    result = estimate(2024, "it_security", [item("security_service", 50_000, months=24)], company=SMALL)
    assert result.subsidy == 600_000


def test_security_counts_two_years_at_most():
    """seed 004 セキュリティ対策推進枠 対象経費 サイバーセキュリティお助け隊サービス利用料(最大2年分)."""
    result = estimate(2024, "it_security", [item("security_service", 20_000, months=36)])
    assert (result.lines[0].months_counted, result.eligible_cost, result.subsidy) == (24, 480_000, 240_000)


def test_security_below_minimum_does_not_apply():
    """seed 004 セキュリティ対策推進枠 補助額 5万円〜100万円 (下限 5万円)."""
    result = estimate(2024, "it_security", [item("security_service", 5_000, months=12)])
    assert (result.status, result.subsidy, result.subsidy_if_eligible) == ("not", 0, 30_000)


def test_security_cap_100man():
    """seed 004 セキュリティ対策推進枠 補助額 5万円〜100万円 (上限 100万円)."""
    result = estimate(2024, "it_security", [item("security_service", 100_000, months=24)])
    assert (result.subsidy, result.pools[0].capped) == (1_000_000, True)


def test_security_software_is_not_counted():
    """seed 004 セキュリティ対策推進枠: 「サイバーセキュリティお助け隊サービス」のみで申請 — other tools do not count."""
    result = estimate(2024, "it_security", [item("software", 1_000_000)])
    assert (result.status, result.lines[0].reason, [b.code for b in result.blockers]) == ("not", "ineligible", ["no_items"])


def test_security_missing_security_action_is_almost():
    """seed 002: IT導入補助金の申請には SECURITY ACTION の宣言が要件."""
    result = estimate(
        2024, "it_security", [item("security_service", 50_000, months=24)], statuses=replace(READY, security_action=0)
    )
    assert (result.status, [m.id for m in result.missing]) == ("almost", ["security_action"])


def test_security_money_is_integer_yen():
    """Money stays integer yen (1円未満切り捨て); no float appears in any total."""
    result = estimate(2024, "it_security", [item("security_service", 33_333, months=4)])
    assert (result.subsidy, type(result.subsidy), type(result.out_of_pocket)) == (66_666, int, int)
