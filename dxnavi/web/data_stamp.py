"""The per-company data stamp that keys the company dashboard's cached cards (issue #11).

The dashboard's cards (``web.dashboard``) show what a company has in every instrument. Their
rendered HTML is cached under a key made of the company's stamp (``orgs.DataStamp``, ``dxnavi.orgs.data_stamp``), the global
generation (row 0), the viewer's access (via, role, organization), the language, today's date and a
digest of the code, templates, catalogs and content of this deploy (``dashboard.cards_html``).

What bumps the stamp, after the write and in the same transaction when there is one:

* every ``save()`` and ``delete()`` (also cascades and ``QuerySet.delete``; answers, deleted only
  with their assessment, through the assessment's) of a model with a
  foreign-key path to Company (``privacy.dataset.company_models``: assessments and answers,
  actions, SECURITY ACTION ticks and policies, saved estimates, maps, plans, rows, phases,
  projects and their tasks, quotes, KPIs, the basic policy's publication…), through the
  ``post_save``/``post_delete`` receivers connected here — except ``UNWATCHED`` (written by
  reads, never shown on the dashboard);
* the company's own save and deletion;
* the write paths that bypass the signals (``bulk_create``, ``bulk_update``, ``QuerySet.update``)
  call ``bump(company_id)`` themselves;
* a row of ``GLOBAL_MODELS`` (what every company's pages read: questionnaire packs, the subsidy
  catalogs, their programs and frames, jGrants rounds) saved or deleted bumps the global generation
  (row 0), as do ``generate_synthetic`` (a bulk load of new companies) and the ``QuerySet.update``
  paths of the subsidy loader, admin and jGrants importer. ``subsidies.catalog_state`` keys its
  per-process snapshot of the catalog by it.

A missed path is caught by the tests: ``tests/conftest.py`` watches every INSERT/UPDATE/DELETE
that product code sends to a watched table (or a table of ``GLOBAL_MODELS``) and fails the test
when no bump follows it.

Why a cached entry can never be stale: a reader reads the stamp, then the data. If a write
commits in between, the entry is stored under the stamp it read, which the write's bump (after the
write, or in its transaction) has already left behind. Peer percentiles are not on the dashboard.
"""

from django.db import connection

from dxnavi.orgs.data_stamp import GLOBAL, bump, bump_global, read, statement

__all__ = ["GLOBAL", "bump", "bump_global", "read", "connect", "watched_models"]

# Company models whose writes never change what the dashboard shows (and are written by reads:
# an adviser's every request is audited, a download stores its PDF, a job tracks its progress).
UNWATCHED = {
    "orgs.auditevent": "the access log, written by every adviser request (also this page's)",
    "reports.rendereddocument": "stored PDFs, written by downloads",
    "jobs.trackedjob": "background job progress",
    "actions.sentreminder": "the log of reminder e-mails sent",
    "support.sentsupportreminder": "the log of next-action reminder e-mails sent to advisers",
    "privacy.dataexport": "data export archives",
    # Who may see the company is resolved on every request into the key (via, role, organization);
    # the pending requests above the cards are read outside the cached part.
    "orgs.companymembership": "access is part of the key",
    "orgs.supportlink": "access is part of the key; pending requests are outside the cached cards",
    "orgs.invitation": "not shown on the dashboard",
    "api.apitoken": "API credentials (last use written by reads), not shown on the dashboard",
    "api.idempotencyrecord": "stored API answers, not shown on the dashboard",
    "secaction.declarablelevel": "derived from the ticks, policies and self-checks (whose writes bump); read only by the client list filter",
    # The search index of a company's document: written only with its document (whose save/delete bumps).
    "knowledge.passage": "derived search index of a document, written with the document (whose writes bump)",
    "knowledge.posting": "derived search index of a document, written with the document (whose writes bump)",
}

# Not company data, read by every company's pages: a write bumps the global generation (row 0).
GLOBAL_MODELS = (
    "assessments.questionnairepack",
    "subsidies.subsidycatalog",
    "subsidies.program",
    "subsidies.frame",
    "subsidies.jgrantscandidate",
)

# Watched models whose rows are deleted only with their parent, whose own post_delete bumps after
# them: no receiver, so Django keeps deleting them in one statement (a company's purge, a draft's deletion).
DELETED_WITH_PARENT = {"assessments.answer"}

def watched_models() -> dict:
    """model → path (list of field names) from the row to the company; [] for a direct ``company``."""
    from django.apps import apps

    from dxnavi.privacy.dataset import COMPANY_LABEL, company_models

    watched = {}
    for label, path in company_models().items():
        if label == COMPANY_LABEL or label in UNWATCHED:
            continue
        model = apps.get_model(label)
        names = [f.name for f in model._meta.concrete_fields]
        watched[model] = ["company"] if "company" in names else path.split("__")
    return watched


def _company_receiver(model, path):
    first = model._meta.get_field(path[0])

    def receiver(sender, instance, **kwargs):
        value = getattr(instance, first.attname)
        if value is None:
            return
        key = (model, connection.vendor)
        sql = _sql.get(key)
        if sql is None:
            sql = _sql[key] = statement(path, model)
        with connection.cursor() as cursor:
            cursor.execute(sql, [value])

    return receiver


def _company_saved(sender, instance, **kwargs):
    bump(instance.pk)


def _global_changed(sender, instance, **kwargs):
    bump_global()


_sql = {}
_receivers = []


def connect() -> None:
    """Connect the receivers (``WebConfig.ready``)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from dxnavi.orgs.models import Company

    for model, path in watched_models().items():
        receiver = _company_receiver(model, path)
        _receivers.append(receiver)  # signals keep weak references
        post_save.connect(receiver, sender=model, dispatch_uid=f"data_stamp:{model._meta.label_lower}:save")
        if model._meta.label_lower not in DELETED_WITH_PARENT:
            post_delete.connect(receiver, sender=model, dispatch_uid=f"data_stamp:{model._meta.label_lower}:delete")
    post_save.connect(_company_saved, sender=Company, dispatch_uid="data_stamp:company:save")
    post_delete.connect(_company_saved, sender=Company, dispatch_uid="data_stamp:company:delete")
    for label in GLOBAL_MODELS:
        model = apps.get_model(label)
        post_save.connect(_global_changed, sender=model, dispatch_uid=f"data_stamp:global:{label}:save")
        post_delete.connect(_global_changed, sender=model, dispatch_uid=f"data_stamp:global:{label}:delete")

