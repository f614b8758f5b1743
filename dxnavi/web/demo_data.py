"""The demo company's data for ``manage.py seed_demo``: every instrument in use, and demo peers.

Everything is made through the same service functions as the web pages (scores, readiness and
estimates are derived by them, never written here); only the dates of the demo's earlier
self-checks are moved back, so the history shows progress over months. Each step runs only
when its data is missing, so running the command again changes nothing.

Demo peer companies (「デモ同業社01」…) exist only so the peer comparison has a group to
show: same industry, size band and prefecture as the demo company, no members (nobody can log
in as them), names that say they are demo data.
"""

import datetime

from django.utils import timezone

from dxnavi.orgs import services as org_services
from dxnavi.orgs.models import Company, Role
from dxnavi.orgs.scoping import CompanyAccess

SELFCHECK_PACK = "security_selfcheck"
STAGE_PACK = "dx_stage"
MATURITY_PACK = "dx_maturity"
PEER_PREFIX = "デモ同業社"

# Three self-checks of a small manufacturer getting better over about ten months
# (days before today, answers to SC01..SC25): the last one is the demo's current result.
SELFCHECKS = (
    (300, ["partial", "yes", "no", "partial", "no", "partial", "no", "no", "yes", "no", "partial", "no", "yes",
           "no", "partial", "no", "unknown", "no", "partial", "no", "unknown", "partial", "unknown", "no", "no"]),
    (150, ["yes", "yes", "partial", "partial", "no", "yes", "no", "no", "yes", "partial", "partial", "partial", "yes",
           "no", "yes", "no", "partial", "no", "yes", "no", "unknown", "yes", "unknown", "no", "no"]),
    (12, ["yes", "yes", "partial", "partial", "no", "yes", "partial", "no", "yes", "partial", "yes", "partial", "yes",
          "partial", "yes", "no", "yes", "partial", "yes", "no", "unknown", "yes", "unknown", "no", "no"]),
)  # fmt: skip

STAGE_ACTIVITIES = ("DS02", "DS03", "DS04", "DS05", "DS06", "DS07")  # paperless … e-payment: "yes"

# Current and 3-year target level of DM01..DM17 (0–5).
MATURITY_LEVELS = (
    (2, 3), (1, 3), (1, 3), (1, 2), (1, 2), (1, 2), (1, 2), (1, 3), (0, 2),
    (2, 4), (2, 3), (1, 3), (1, 2), (1, 2), (1, 2), (0, 1), (1, 2),
)  # fmt: skip

DEMO_MAP = {
    "goals": [
        {
            "id": "productivity",
            "viewpoints": [
                {
                    "id": "resource_management",
                    "activities": [
                        {"key": "d0000001", "text": "生産計画と実績をクラウドで共有し、段取り替えを減らす", "tool": "back_office"},
                        {"key": "d0000002", "text": "スマートフォンで作業日報を入力し、紙の転記をなくす", "tool": "cloud_mobile"},
                    ],
                }
            ],
        },
        {
            "id": "quality",
            "viewpoints": [
                {
                    "id": "data_collection",
                    "activities": [{"key": "d0000003", "text": "加工機の稼働データを集めて不良の原因を探す", "tool": "iot_ai"}],
                }
            ],
        },
    ]
}

ESTIMATE_ITEMS = [
    {"kind": "software", "description": "生産管理ソフト", "amount_yen": 1_200_000, "months": None},
    {"kind": "cloud", "description": "クラウド利用料", "amount_yen": 20_000, "months": 24},
]
ESTIMATE_STATUSES = {"security_action": 2, "gbizid_prime": True, "invoice_registered": True, "it_processes": 3, "invoice_functions": 1}

# Demo peers: (employees, self-check answer level, DX stage, maturity level); all in 製造業 (E),
# 埼玉県, 6–20 employees like the demo company, spread from weak to strong.
PEERS = (
    (8, 0.2, "stage1", 0), (12, 0.3, "stage1", 1), (15, 0.4, "stage2", 1), (9, 0.45, "stage2", 1),
    (19, 0.55, "stage2", 2), (11, 0.6, "stage3", 2), (16, 0.7, "stage2", 2), (7, 0.8, "stage3", 3),
    (20, 0.9, "stage4", 3),
)  # fmt: skip


def owner_access(company) -> CompanyAccess:
    return CompanyAccess(company=company, via="member", role=Role.OWNER)


def _backdate(assessment, days: int) -> None:
    from dxnavi.assessments.models import Assessment

    when = timezone.now() - datetime.timedelta(days=days)
    Assessment.objects.filter(pk=assessment.pk).update(started=when - datetime.timedelta(minutes=20), completed_at=when)


def _complete(company, pack_id, answers, user):
    from dxnavi.assessments import services as assessments

    access = owner_access(company)
    draft = assessments.start_or_resume(company, pack_id, user, access)
    assessments.save_answers(draft, answers, user, access)
    return assessments.complete(draft, user, access)


def selfchecks(company, user) -> None:
    """Three completed self-checks months apart (re-made when the company has fewer, e.g. an older demo)."""
    from dxnavi.assessments import services as assessments
    from dxnavi.assessments.models import Assessment

    pack = assessments.current_pack(SELFCHECK_PACK)
    done = Assessment.objects.filter(company=company, pack_family=SELFCHECK_PACK, status=Assessment.Status.COMPLETED)
    if pack is None or done.count() >= len(SELFCHECKS):
        return
    Assessment.objects.filter(company=company, pack_family=SELFCHECK_PACK).delete()
    ids = [q["id"] for q in pack.spec.questions]
    for days, pattern in SELFCHECKS:  # oldest first: the last one completed is the latest
        _backdate(_complete(company, SELFCHECK_PACK, dict(zip(ids, pattern)), user), days)


def dx_diagnoses(company, user) -> None:
    from dxnavi.assessments import services as assessments

    if assessments.current_pack(STAGE_PACK) and not assessments.latest_completed(company, STAGE_PACK):
        answers = {"DS01": "stage2", **{f"DS{n:02d}": "no" for n in range(2, 15)}}
        answers.update({qid: "yes" for qid in STAGE_ACTIVITIES})
        _backdate(_complete(company, STAGE_PACK, answers, user), 40)
    if assessments.current_pack(MATURITY_PACK) and not assessments.latest_completed(company, MATURITY_PACK):
        answers = {
            f"DM{n:02d}": {"current": cur, "target": target, "evidence": "", "action": ""}
            for n, (cur, target) in enumerate(MATURITY_LEVELS, start=1)
        }
        _backdate(_complete(company, MATURITY_PACK, answers, user), 30)


def security_action(company, user) -> None:
    """★: the five principles confirmed; ★★: a basic policy saved and adopted."""
    from dxnavi.secaction import content, services

    access = owner_access(company)
    confirmed = services.confirmations(access)
    for item_id in content.item_ids():
        if item_id not in confirmed:
            services.set_item_done(company, item_id, done=True, user=user)
    if services.adopted_policy(access) is None:
        policy = services.latest_policy(access) or services.create_policy(
            company, company_name=company.name, representative=company.representative,
            policy_date=timezone.localdate() - datetime.timedelta(days=60), language="ja", user=user,
        )
        services.adopt_policy(policy, access=access, user=user)


def subsidy_estimate(company, user) -> None:
    from dxnavi.subsidies import services

    access = owner_access(company)
    catalog = services.current_catalog()
    if catalog is None or services.latest_estimate(access) is not None:
        return
    services.save_estimate(
        access, user=user, catalog=catalog, items=ESTIMATE_ITEMS, statuses=ESTIMATE_STATUSES,
        planned_order_date=timezone.localdate() + datetime.timedelta(days=90), title="生産管理のクラウド化",
    )


def plan(company, user) -> None:
    from dxnavi.plans import services

    access = owner_access(company)
    if services.current_plan(access) is not None:
        return
    version = services.latest_map_version(access) or services.save_map(access, DEMO_MAP, user=user)
    services.build_plan(access, version, user=user)


DEMO_DOCUMENT = """# 情報セキュリティ社内ルール（デモ）

## パソコンとスマートフォン
- OS とアプリの更新は、通知が来たらその日のうちに行います。
- 会社のパソコンには、総務が認めたソフトウェアだけを入れます。

## パスワード
- パスワードは 12 文字以上にし、ほかのサービスと使い回しません。
- 取引先のシステムには、二要素認証を必ず設定します。

## データの保管とバックアップ
- 図面と見積書はクラウドの共有フォルダに保存し、個人のパソコンには残しません。
- バックアップは毎週金曜日に外付けディスクへ取り、ディスクは金庫で保管します。

## 困ったとき
- 不審なメールを開いてしまったら、LAN ケーブルを抜いてから総務の佐藤に電話します。
"""


def knowledge_document(company, user) -> None:
    """One internal rule document (Markdown), read into passages so search and 相談する show the company's own file."""
    from dxnavi.knowledge import services
    from dxnavi.knowledge.models import Document, DocumentStatus

    if Document.objects.filter(company=company).exists():
        return
    document = services.upload(
        owner_access(company), user, filename="情報セキュリティ社内ルール.md", content=DEMO_DOCUMENT.encode(), title="情報セキュリティ社内ルール"
    )
    if Document.objects.filter(pk=document.pk, status=DocumentStatus.QUEUED).exists():
        services.extract_document(document.pk)


def _peer_selfcheck(spec, level: float, index: int) -> dict:
    """Answers for a peer: question i is "yes" when its position falls under the level, else partial/no."""
    answers = {}
    for i, question in enumerate(spec.questions):
        position = ((i * 7 + index * 3) % 25) / 25
        answers[question["id"]] = "yes" if position < level else "partial" if position < level + 0.2 else "no"
    return answers


def peers(demo: Company) -> list[Company]:
    """Enough demo companies like the demo company for the peer comparison (at least ``MIN_GROUP`` with it)."""
    from dxnavi.assessments import services as assessments
    from dxnavi.assessments.domain.peers import MIN_GROUP

    result = []
    for index, (employees, level, stage, maturity) in enumerate(PEERS[: max(MIN_GROUP - 1, 0)], start=1):
        name = f"{PEER_PREFIX}{index:02d}"
        company = Company.objects.filter(name=name, memberships__isnull=True).first() or Company(name=name)
        company.industry_major, company.industry_middle = demo.industry_major, demo.industry_middle
        company.prefecture, company.employees, company.capital_yen = demo.prefecture, employees, 5_000_000
        company.representative = "デモ"
        org_services.save_company(company)
        selfcheck = assessments.current_pack(SELFCHECK_PACK)
        if selfcheck and not assessments.latest_completed(company, SELFCHECK_PACK):
            _complete(company, SELFCHECK_PACK, _peer_selfcheck(selfcheck.spec, level, index), None)
        if assessments.current_pack(STAGE_PACK) and not assessments.latest_completed(company, STAGE_PACK):
            count = {"stage1": 1, "stage2": 4, "stage3": 7, "stage4": 10}[stage]
            answers = {"DS01": stage, **{f"DS{n:02d}": ("yes" if n - 2 < count else "no") for n in range(2, 15)}}
            _complete(company, STAGE_PACK, answers, None)
        if assessments.current_pack(MATURITY_PACK) and not assessments.latest_completed(company, MATURITY_PACK):
            answers = {
                f"DM{n:02d}": {"current": min(5, maturity + (n % 3 == 0)), "target": 5, "evidence": "", "action": ""}
                for n in range(1, 18)
            }
            _complete(company, MATURITY_PACK, answers, None)
        result.append(company)
    return result


def seed_company(company, owner) -> None:
    """Every instrument of the demo company in use (each step only when missing)."""
    selfchecks(company, owner)
    dx_diagnoses(company, owner)
    security_action(company, owner)
    subsidy_estimate(company, owner)
    plan(company, owner)
    knowledge_document(company, owner)
