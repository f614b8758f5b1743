"""registry.changes_batched: bulk work regenerates each company's list once, at the end."""

import pytest

from dxnavi.actions import registry

pytestmark = pytest.mark.django_db


def test_changes_batched_enqueues_each_company_once(monkeypatch):
    enqueued = []
    monkeypatch.setattr("dxnavi.jobs.enqueue", lambda path, *args: enqueued.append((path, *args)))
    with registry.changes_batched():
        registry.result_changed(7)
        registry.result_changed(3)
        registry.result_changed(7)
        assert enqueued == []
    assert enqueued == [("dxnavi.actions.services.regenerate_by_id", 3), ("dxnavi.actions.services.regenerate_by_id", 7)]


def test_result_changed_outside_a_batch_enqueues_at_once(monkeypatch):
    enqueued = []
    monkeypatch.setattr("dxnavi.jobs.enqueue", lambda path, *args: enqueued.append((path, *args)))
    registry.result_changed(5)
    registry.result_changed(5)
    assert enqueued == [("dxnavi.actions.services.regenerate_by_id", 5)] * 2
