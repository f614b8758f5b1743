import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import content, services

# ISO first: that is what <input type="date"> sends; the others are what people type by hand.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]
# A policy is adopted now or planned for soon; 0001-01-01 or 9999-12-31 is a typing error.
EARLIEST_POLICY_DATE = datetime.date(2000, 1, 1)


def latest_policy_date(today: datetime.date) -> datetime.date:
    """One year from ``today`` (29 February → 28 February)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


class PolicyForm(forms.Form):
    """The three values filled into the basic-policy template, plus its language.

    Every error message names its field, so it can be understood out of context
    (e.g. read aloud by a screen reader or shown in a message list).
    """

    company_name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        error_messages={
            "required": _("Enter the company name."),
            "max_length": _("The company name can be at most %(limit_value)d characters."),
        },
    )
    representative = forms.CharField(
        label=_("Representative"),
        max_length=100,
        help_text=_("Title and name as they should appear in the policy, e.g. 代表取締役 山田 太郎."),
        error_messages={
            "required": _("Enter the representative's name."),
            "max_length": _("The representative's name can be at most %(limit_value)d characters."),
        },
    )
    policy_date = forms.DateField(
        label=_("Date of adoption"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date written at the end of the policy."),
        error_messages={
            "required": _("Enter the date of adoption."),
            "invalid": _("The date of adoption is not a valid date. Enter it like 2026-11-26."),
        },
    )
    language = forms.ChoiceField(
        label=_("Language of the policy"),
        choices=settings.LANGUAGES,
        widget=forms.HiddenInput,  # chosen by where the text starts from (a version or a template)
        error_messages={"invalid_choice": _("Choose the language of the policy from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company_name"].widget.attrs.update(autocomplete="organization")
        self.fields["representative"].widget.attrs.update(autocomplete="name")
        self.fields["policy_date"].widget.attrs.update(
            min=EARLIEST_POLICY_DATE.isoformat(), max=latest_policy_date(timezone.localdate()).isoformat()
        )

    def clean_policy_date(self):
        value = self.cleaned_data["policy_date"]
        latest = latest_policy_date(timezone.localdate())
        if not EARLIEST_POLICY_DATE <= value <= latest:
            raise forms.ValidationError(
                _("The date of adoption must be a date from %(earliest)s to %(latest)s."),
                params={"earliest": EARLIEST_POLICY_DATE.isoformat(), "latest": latest.isoformat()},
            )
        return value


MAX_OWN_SECTIONS = 5


def _textarea(rows):
    return forms.Textarea(attrs={"rows": rows})


class PolicyTextForm(forms.Form):
    """The policy's text: the preamble, every section of the content's template (the required
    ones cannot be emptied), and up to five sections of the company's own.

    Fields are not "required" themselves: the one rule set (``services.check_text``) decides,
    so the page and ``save_policy_version`` refuse the same texts with the same words, each
    naming its section.
    """

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        titles = services.template_titles(language)
        required = content.required_section_ids()
        self.fields["preamble"] = forms.CharField(label=titles["preamble"], required=False, widget=_textarea(5))
        self.template_ids = []
        for section in content.policy_template()["sections"]:
            self.template_ids.append(section["id"])
            help_text = _("Required section: you can change its text, but not remove it.") if section["id"] in required else ""
            self.fields[f"body_{section['id']}"] = forms.CharField(
                label=titles[section["id"]], required=False, widget=_textarea(4), help_text=help_text
            )
        for n in range(1, MAX_OWN_SECTIONS + 1):
            self.fields[f"own_title_{n}"] = forms.CharField(
                label=_("Heading of your own section %(n)d") % {"n": n}, required=False
            )
            self.fields[f"own_body_{n}"] = forms.CharField(
                label=_("Text of your own section %(n)d") % {"n": n}, required=False, widget=_textarea(4)
            )

    @classmethod
    def initial_for(cls, preamble: str, sections: list[dict]) -> dict:
        template_ids = {s["id"] for s in content.policy_template()["sections"]}
        initial = {"preamble": preamble}
        own = [s for s in sections if s["id"] not in template_ids]
        for section in sections:
            if section["id"] in template_ids:
                initial[f"body_{section['id']}"] = section["body"]
        for n, section in enumerate(own[:MAX_OWN_SECTIONS], start=1):
            initial[f"own_title_{n}"] = section["title"]
            initial[f"own_body_{n}"] = section["body"]
        return initial

    def _value(self, name):
        if self.is_bound:
            return (self.data.get(name) or "").strip()
        return (self.initial.get(name) or "").strip()

    def template_fields(self):
        return [self[f"body_{section_id}"] for section_id in self.template_ids]

    def own_rows(self):
        """The own sections that have text, and one empty pair to add another."""
        rows, blank_shown = [], False
        for n in range(1, MAX_OWN_SECTIONS + 1):
            filled = self._value(f"own_title_{n}") or self._value(f"own_body_{n}")
            if filled or not blank_shown:
                rows.append({"n": n, "title": self[f"own_title_{n}"], "body": self[f"own_body_{n}"], "blank": not filled})
                blank_shown = blank_shown or not filled
        return rows

    def _sections(self, data):
        required = content.required_section_ids()
        sections = []
        for section_id in self.template_ids:
            body = data.get(f"body_{section_id}", "")
            if body or section_id in required:  # an optional template section left empty is removed
                sections.append({"id": section_id, "body": body})
        for n in range(1, MAX_OWN_SECTIONS + 1):
            title, body = data.get(f"own_title_{n}", ""), data.get(f"own_body_{n}", "")
            if title or body:
                sections.append({"id": f"own-{n}", "title": title, "body": body})
        return sections

    def clean(self):
        data = super().clean()
        self.sections = self._sections(data)
        for problem in services.check_text(self.language, data.get("preamble", ""), self.sections):
            self.add_error(self._field_of(problem), services.problem_message(problem))
        return data

    def _field_of(self, problem):
        if problem.part_id == "preamble":
            return "preamble"
        if problem.part_id in self.template_ids:
            return f"body_{problem.part_id}"
        if problem.part_id.startswith("own-"):
            n = problem.part_id.removeprefix("own-")
            return f"own_title_{n}" if problem.code in ("no_title", "title_too_long") else f"own_body_{n}"
        return None
