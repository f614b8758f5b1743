"""Background jobs: in-process by default, a Redis queue (RQ) in production.

Call ``enqueue("dotted.path.to.function", *args)``. Jobs take plain arguments (ids, not model
instances) so they behave the same whether run now or later in a worker. With the
in-process backend the job runs after the current transaction commits, in the request's
thread: slower for the user, but no worker to run for a small instance. ``JOBS_BACKEND = "sync"``
(tests) behaves the same for these jobs.

Jobs someone waits for, with a progress bar on a job page: ``dxnavi.jobs.tracked.start``.
"""

import importlib

from django.conf import settings
from django.db import transaction


def _resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def run(path: str, *args, **kwargs):
    """Entry point executed by the worker (and by the in-process backend)."""
    return _resolve(path)(*args, **kwargs)


def queue(name: str = "default"):
    from redis import Redis
    from rq import Queue

    return Queue(name, connection=Redis.from_url(settings.REDIS_URL))


def enqueue(path: str, *args, **kwargs):
    _resolve(path)  # fail now, in the caller, on a typo rather than later in the worker
    if settings.JOBS_BACKEND == "rq":
        transaction.on_commit(lambda: queue().enqueue(run, path, *args, **kwargs))
    else:
        transaction.on_commit(lambda: run(path, *args, **kwargs))
