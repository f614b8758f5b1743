"""The stored declarable level (``models.DeclarableLevel``): the one function that writes it.

``refresh(company_ids)`` computes each company's level with the same rules as ``services.status``
(``domain.selfcheck_hints`` → ``domain.confirmed_items`` → ``domain.readiness``), batched: a few
queries for any number of companies, then one upsert. It is called after every write that can
change a level:

* the ★ checklist and the basic policy (``ItemConfirmation`` / ``BasicPolicy`` saved or deleted,
  also from the admin) and the self-check (an ``Assessment`` of the security self-check completed,
  changed or deleted): ``post_save`` / ``post_delete`` receivers connected by ``connect()`` from
  ``apps.py``. A deletion that is a company's own cascade refreshes nothing (the row goes with it);
* ``manage.py load_content`` (the ★ items or their related questions may change): ``rebuild()``;
* bulk loads that bypass the signals (``generate_synthetic``): ``rebuild()``, or
  ``manage.py refresh_security_action_levels`` after any other one.

A company without a row counts as level 0 (see the model); ``check()`` compares every company.
"""

from django.db import transaction
from django.utils import timezone

from . import content, domain, selfcheck

CHUNK = 500


def compute(company_ids) -> dict[int, int]:
    """{company id: the level ``services.status`` would give it now} for the given companies."""
    return {pk: ready.highest_level for pk, ready in readiness_by_company(company_ids).items()}


def readiness_by_company(company_ids) -> dict[int, domain.Readiness]:
    """{company id: its ``domain.readiness``} as ``services.status`` computes it, for any number of
    companies in four queries (the ticks, the adopted policies, the latest completed self-checks and
    their 「実施している」 answers); also the adviser's comparison of clients (``comparison``)."""
    from .models import BasicPolicy, ItemConfirmation

    ids = list(company_ids)
    if not ids:
        return {}
    items = content.item_ids()
    related = content.related_questions()
    ticked: dict[int, set[str]] = {}
    for company_id, item_id in ItemConfirmation.objects.filter(company_id__in=ids).values_list("company_id", "item_id"):
        ticked.setdefault(company_id, set()).add(item_id)
    adopted = set(
        BasicPolicy.objects.filter(company_id__in=ids, adopted_at__isnull=False).values_list("company_id", flat=True).distinct()
    )
    latest_yes = selfcheck.latest_completed_yes_by_company(ids)  # only companies with a completed self-check
    found = {}
    for company_id in ids:
        hints = domain.selfcheck_hints(related, latest_yes.get(company_id, set()))
        sources = domain.confirmed_items(items, ticked=ticked.get(company_id, set()), selfcheck_hints=hints)
        found[company_id] = domain.readiness(
            sources, items=items, selfcheck_done=company_id in latest_yes, policy_adopted=company_id in adopted
        )
    return found


def refresh(company_ids) -> dict[int, int]:
    """Recompute and store the levels of these companies (ids of deleted companies are skipped)."""
    from dxnavi.orgs.models import Company

    from .models import DeclarableLevel

    wanted = sorted({int(pk) for pk in company_ids if pk is not None})
    done = {}
    for start in range(0, len(wanted), CHUNK):
        existing = list(Company.objects.filter(pk__in=wanted[start : start + CHUNK]).values_list("pk", flat=True))
        levels = compute(existing)
        now = timezone.now()
        with transaction.atomic():
            DeclarableLevel.objects.bulk_create(
                [DeclarableLevel(company_id=pk, level=level, computed_at=now) for pk, level in levels.items()],
                update_conflicts=True, unique_fields=["company"], update_fields=["level", "computed_at"],
            )  # fmt: skip
        done.update(levels)
    return done


def _all_company_ids() -> list[int]:
    from dxnavi.orgs.models import Company

    return list(Company.objects.order_by("pk").values_list("pk", flat=True))


def rebuild() -> int:
    """Recompute every company's row (upgrades, bulk loads, a content reload); returns the count."""
    return len(refresh(_all_company_ids()))


def check() -> dict[int, tuple[int, int]]:
    """{company id: (stored, expected)} for every company whose stored level (0 without a row) differs."""
    from .models import DeclarableLevel

    differences = {}
    ids = _all_company_ids()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        stored = dict(DeclarableLevel.objects.filter(company_id__in=chunk).values_list("company_id", "level"))
        for company_id, expected in compute(chunk).items():
            if stored.get(company_id, 0) != expected:
                differences[company_id] = (stored.get(company_id, 0), expected)
    return differences


def content_loaded() -> list[str]:
    """Content loader (``manage.py load_content``, after ``content.check_file``): the ★ items or their
    related questions may have changed, so every stored level is recomputed."""
    return [f"SECURITY ACTION declarable levels: {rebuild():,} companies recomputed"]


# --- signal receivers ---------------------------------------------------------------------------


def _company_cascade(origin) -> bool:
    from dxnavi.orgs.models import Company

    if isinstance(origin, Company):
        return True
    model = getattr(origin, "model", None)  # a QuerySet's delete()
    return model is not None and issubclass(model, Company)


def _on_change(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata: the fixture's rows may not all be there yet
        return
    if _company_cascade(kwargs.get("origin")):
        return
    refresh([instance.company_id])


def _on_assessment_change(sender, instance, **kwargs):
    if getattr(instance, "pack_family", None) != selfcheck.PACK_ID:
        return
    if kwargs.get("update_fields") and "status" not in kwargs["update_fields"] and "is_latest" not in kwargs["update_fields"]:
        return  # answers saved into a draft, a score recomputed: the level cannot change
    if instance.status == instance.Status.DRAFT and (kwargs.get("created") or "created" not in kwargs):
        return  # a draft started (post_save, created) or thrown away (post_delete): only completed self-checks count
    _on_change(sender, instance, **kwargs)


def connect() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from .models import BasicPolicy, ItemConfirmation

    for model in (ItemConfirmation, BasicPolicy):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"secaction_level_save_{model._meta.model_name}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"secaction_level_delete_{model._meta.model_name}")
    if apps.is_installed("dxnavi.assessments"):
        from dxnavi.assessments.models import Assessment

        post_save.connect(_on_assessment_change, sender=Assessment, dispatch_uid="secaction_level_save_assessment")
        post_delete.connect(_on_assessment_change, sender=Assessment, dispatch_uid="secaction_level_delete_assessment")
