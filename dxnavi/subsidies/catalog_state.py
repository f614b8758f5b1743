"""The subsidy catalog as every company's pages read it, kept per process (issue #11).

The current catalog and its programs' rounds (YAML windows + accepted jGrants rounds) are the same
for every company and change only when an operator loads a catalog, edits one in the admin or
accepts a jGrants round. Each of those writes bumps the global data stamp (``orgs.data_stamp``,
row 0; receivers in ``web.data_stamp.GLOBAL_MODELS``, plus ``bump_global()`` after the loader's and
the admin's ``QuerySet.update``), so a snapshot built under one generation is never served under
another: a page reads the generation (one primary-key query) and gets the snapshot, instead of three
queries and the model instances. What depends on the day or the company (rounds' states against today
and the planned order date, the catalog's age) is computed per request from the snapshot.

Why it is never stale: a reader reads the generation, then the catalog. A write that commits in
between has bumped the generation past the one the snapshot is stored under (the bump is in the
writer's transaction), so the next reader builds a new one.
"""

import threading
from dataclasses import dataclass

from dxnavi.orgs import data_stamp

from . import services
from .models import SubsidyCatalog


@dataclass(frozen=True)
class Snapshot:
    generation: int
    catalog: SubsidyCatalog | None
    round_groups: tuple  # services.round_groups(catalog): program groups with their rounds, no states


_lock = threading.Lock()
_current: Snapshot | None = None


def current() -> Snapshot:
    """The current catalog and its rounds: one query when this process has the generation's snapshot."""
    global _current
    generation = data_stamp.read_global()
    snapshot = _current
    if snapshot is not None and snapshot.generation == generation:
        return snapshot
    catalog = services.current_catalog()
    snapshot = Snapshot(generation, catalog, tuple(services.round_groups(catalog)))
    with _lock:
        _current = snapshot
    return snapshot


def forget() -> None:
    """Drop the snapshot (tests: each test's rolled-back data may reuse a generation number)."""
    global _current
    with _lock:
        _current = None
