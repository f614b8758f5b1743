"""Parsed questionnaire packs, once per process.

A stored pack version is immutable (the loader refuses a changed definition under the same
version, and assessments PROTECT their pack), so its ``PackSpec`` is built once per process
and kept, keyed by the row's primary key. Nothing reads ``QuestionnairePack.definition`` per
row any more: querysets defer it (the model's default manager, and ``defer("pack__definition")``
next to every ``select_related("pack")``), and the spec is looked up here by ``pack_id``.

A row saved or deleted in this process drops its entry (signals in ``apps.py``), so tests that
create packs, and SQLite re-using a primary key after a rollback, never see a stale spec.
"""

import threading
from collections.abc import Callable

from .domain.packs import PackSpec

_specs: dict[int, PackSpec] = {}
_lock = threading.Lock()


def spec_for(pack_pk: int, definition: Callable[[], dict] | None = None) -> PackSpec:
    """The parsed pack of row ``pack_pk``; its definition is read (once) only on a miss."""
    spec = _specs.get(pack_pk)
    if spec is not None:
        return spec
    if definition is not None:
        raw = definition()
    else:
        from .models import QuestionnairePack

        raw = QuestionnairePack.all_fields.values_list("definition", flat=True).get(pk=pack_pk)
    spec = PackSpec(raw)
    with _lock:
        return _specs.setdefault(pack_pk, spec)


def forget(pack_pk: int | None = None) -> None:
    """Drop one entry (a row was saved or deleted), or all of them."""
    with _lock:
        if pack_pk is None:
            _specs.clear()
        else:
            _specs.pop(pack_pk, None)


def cached_count() -> int:
    return len(_specs)
