"""The generative-AI checklist answers of a company (reads through ``scoping``, writes in
one transaction; saves go through ``Model.save``/``delete`` so the data stamp is bumped by the signals).
"""

from django.db import transaction

from dxnavi.actions import registry as actions
from dxnavi.orgs.scoping import scoped

from .models import GenAIAnswer

VALUES = {value for value, _label in GenAIAnswer.Value.choices}


def genai_answers(access) -> dict[str, str]:
    """{item id: "yes" | "no" | "na"} of the company."""
    return dict(scoped(GenAIAnswer.objects, access).values_list("item_id", "value"))


@transaction.atomic
def save_genai_answers(access, user, wanted: dict[str, str | None]) -> int:
    """Make the stored answers equal ``wanted`` ({item id: value, or None to clear}); returns how many rows changed.

    Unchanged answers are not written; the action list is regenerated once after the commit when any changed.
    """
    for item_id, value in wanted.items():
        if value is not None and value not in VALUES:
            raise ValueError(f"{item_id}: {value!r} is not an answer")
    current = {a.item_id: a for a in scoped(GenAIAnswer.objects.select_for_update(), access)}
    changed = 0
    for item_id, value in wanted.items():
        row = current.get(item_id)
        if value is None:
            if row is not None:
                row.delete()
                changed += 1
        elif row is None:
            GenAIAnswer.objects.create(company=access.company, item_id=item_id, value=value, updated_by=user)
            changed += 1
        elif row.value != value:
            row.value, row.updated_by = value, user
            row.save(update_fields=["value", "updated_by", "updated"])
            changed += 1
    if changed:
        actions.result_changed(access.company.pk)
    return changed
