"""Shared helpers for the plans tests (and p2's project tests): a saved map and a built plan."""

import datetime

from dxnavi.orgs.scoping import CompanyAccess
from dxnavi.plans import services

TODAY = datetime.date(2026, 12, 2)  # → the plan starts at 2027上期 (next half-year)

MAP_DATA = {
    "goals": [
        {
            "id": "productivity",
            "viewpoints": [
                {
                    "id": "resource_management",
                    "activities": [
                        {"key": "a0000001", "text": "スタッフのシフト作成と実績管理を効率化する", "tool": "back_office"},
                        {"key": "a0000002", "text": "カレンダーで全員の予定と設備の利用状況を見える化", "tool": "cloud_mobile"},
                    ],
                }
            ],
        },
        {
            "id": "quality",
            "viewpoints": [
                {
                    "id": "data_collection",
                    "activities": [{"key": "a0000003", "text": "設備の稼働データを分析して故障を減らす", "tool": "iot_ai"}],
                }
            ],
        },
    ]
}


def owner_access(company):
    return CompanyAccess(company=company, via="member", role="owner")


def saved_map(company, user, data=None):
    return services.save_map(owner_access(company), data or MAP_DATA, user=user)


def built_plan(company, user, data=None):
    version = saved_map(company, user, data)
    plan, _added = services.build_plan(owner_access(company), version, user=user, today=TODAY)
    return plan
