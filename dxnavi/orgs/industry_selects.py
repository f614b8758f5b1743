"""Dependent 業種 select boxes of the company form: 大分類 → 中分類 → 小分類・細分類.

The JSIC data is ``content/reference/jsic.yaml`` (via ``dxnavi.content.reference``). Without a
大分類 the 中分類 box lists all 99, grouped by 大分類 (usable without JavaScript); with one, only
its 中分類. The 小分類 box lists only the 小分類 (and the few 細分類) of the chosen 中分類 — empty
for the many 中分類 where the SME rules need no finer code. ``industry_choices`` (orgs.views)
returns the refreshed boxes for htmx; the form's ``clean()`` still rejects a wrong pairing.
"""

from django.urls import reverse

from dxnavi.content import reference

BLANK = ("", "---------")


def middle_options(major: str) -> list:
    """The 中分類 choices for a 大分類 code; all of them, grouped by 大分類, when it is empty or unknown."""
    if major and major in dict(reference.jsic_major_choices()):
        return [BLANK, *reference.jsic_middle_choices(major)]
    groups = [(label, reference.jsic_middle_choices(code)) for code, label in reference.jsic_major_choices()]
    return [BLANK, *groups]


def fine_options(middle: str) -> list:
    """The 小分類・細分類 choices under a 中分類 (only a blank choice where none are needed)."""
    if not middle:
        return [BLANK]
    return [BLANK, *[(code, label) for code, label in reference.jsic_fine_choices() if code.startswith(middle)]]


def narrow(form, major: str, middle: str, minor: str) -> None:
    """Offer only the children of the chosen parents, and wire the htmx refresh."""
    url = reverse("orgs:industry_choices")
    major_field, middle_field, minor_field = (form.fields[n] for n in ("industry_major", "industry_middle", "industry_minor"))
    middle_field.widget.choices = middle_options(major)
    minor_field.widget.choices = fine_options(middle)
    # The selected option stays in the list even if it is not a child (clean() reports the mismatch).
    for field, value in ((middle_field, middle), (minor_field, minor)):
        offered = {code for code, label in _flat(field.widget.choices)}
        if value and value not in offered:
            label = dict(_flat(field.choices)).get(value)
            if label:
                field.widget.choices = [*field.widget.choices, (value, label)]
    common = {"hx-get": url, "hx-swap": "outerHTML", "hx-include": "#id_industry_major, #id_industry_middle"}
    major_field.widget.attrs.update(common, **{"hx-target": "#id_industry_middle", "hx-vals": '{"changed": "major"}'})
    middle_field.widget.attrs.update(common, **{"hx-target": "#id_industry_minor", "hx-vals": '{"changed": "middle"}'})


def _flat(choices):
    for code, label in choices:
        if isinstance(label, (list, tuple)):
            yield from label
        else:
            yield code, label
