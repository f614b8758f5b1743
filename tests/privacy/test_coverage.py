"""Every model that belongs to a company is exported or explicitly excluded, and deleted with it."""

from django.db import models

from dxnavi.privacy import dataset


def test_every_company_model_is_exported_or_excluded_with_a_reason():
    found = set(dataset.company_models())
    exported = [s.label for s in dataset.SECTIONS]
    excluded = set(dataset.EXCLUDED)
    assert sorted(found - set(exported) - excluded) == []  # a new model must be decided on
    assert sorted((set(exported) | excluded) - found) == []  # no stale entries
    assert sorted(set(exported) & excluded) == []
    assert len(exported) == len(set(exported))
    assert [label for label, reason in dataset.EXCLUDED.items() if not str(reason).strip()] == []


def test_company_models_follow_indirect_keys():
    paths = dataset.company_models()
    assert paths["orgs.company"] == ""
    assert paths["orgs.auditevent"] == "company"
    assert paths["assessments.answer"] == "assessment__company"


def test_every_key_to_company_data_cascades_so_deleting_the_company_deletes_it():
    """PROTECT would stop the purge; SET_NULL would leave company data behind without its company.

    A SET_NULL key is fine on a model that reaches the company by another, cascading path (a plan
    remembers which map version it was filled from; the plan goes with its own company key).
    """
    from django.apps import apps

    paths = dataset.company_models()
    not_cascading = sorted(
        f"{model._meta.label_lower}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is not None
        and field.related_model._meta.label_lower in paths and field.remote_field.on_delete is not models.CASCADE
        and not (
            field.remote_field.on_delete is models.SET_NULL
            and paths.get(model._meta.label_lower, field.name).split("__")[0] != field.name
        )
    )
    assert not_cascading == []
