"""Forms of the incident pages. Every message names its field (「タイトル：…」), in Japanese first."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxnavi.content.i18n import pick

from . import content
from .models import ContactRole, IncidentStatus

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
MIN_YEAR, MAX_YEAR = 2000, 2100


def _text(label, max_length, too_long, required=False, textarea=False, required_message=None):
    return forms.CharField(
        label=label, max_length=max_length, required=required,
        widget=forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput(),
        error_messages={"required": required_message or too_long, "max_length": too_long},
    )  # fmt: skip


def _check_year(value, message):
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise forms.ValidationError(message)
    return value


def kind_choices():
    return [(s["id"], s["title"]) for s in content.runbook()["scenarios"]] + [("other", {"ja": "その他", "en": "Other"})]


class ContactsForm(forms.Form):
    """One name/phone/note per role; a role left without a name is removed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for role, label in ContactRole.choices:
            self.fields[f"{role}_name"] = forms.CharField(
                label=_("%(role)s: name") % {"role": label}, max_length=100, required=False,
                error_messages={"max_length": _("%(role)s, name: please keep it to 100 characters or fewer.") % {"role": label}},
            )
            self.fields[f"{role}_phone"] = forms.CharField(
                label=_("%(role)s: phone") % {"role": label}, max_length=40, required=False,
                widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
                error_messages={"max_length": _("%(role)s, phone: please keep it to 40 characters or fewer.") % {"role": label}},
            )
            self.fields[f"{role}_note"] = forms.CharField(
                label=_("%(role)s: note (hours, contract number, …)") % {"role": label}, max_length=200, required=False,
                error_messages={"max_length": _("%(role)s, note: please keep it to 200 characters or fewer.") % {"role": label}},
            )

    def clean(self):
        data = super().clean()
        for role, label in ContactRole.choices:
            name = (data.get(f"{role}_name") or "").strip()
            if not name and ((data.get(f"{role}_phone") or "").strip() or (data.get(f"{role}_note") or "").strip()):
                self.add_error(f"{role}_name", _("%(role)s, name: enter a name for this phone number or note.") % {"role": label})
        return data

    def contacts(self) -> dict:
        """{role: (name, phone, note)} of the roles with a name."""
        data = self.cleaned_data
        result = {}
        for role, _label in ContactRole.choices:
            name = data.get(f"{role}_name", "").strip()
            if name:
                result[role] = (name, data.get(f"{role}_phone", "").strip(), data.get(f"{role}_note", "").strip())
        return result


class IncidentForm(forms.Form):
    title = _text(_("Title"), 200, _("Title: please keep it to 200 characters or fewer."), required=True, required_message=_("Title: enter a short title, e.g. Ransomware on the accounts PC."))
    kind = forms.ChoiceField(
        label=_("Kind"),
        error_messages={"required": _("Kind: choose one from the list."), "invalid_choice": _("Kind: choose one from the list.")},
    )
    discovered_at = forms.DateTimeField(
        label=_("Discovered at"), input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Discovered at: enter the date and time you noticed it."),
            "invalid": _("Discovered at: enter a date and time like 2026-12-01 09:30."),
        },
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), choices=IncidentStatus.choices,
        error_messages={"required": _("Status: choose open or closed."), "invalid_choice": _("Status: choose open or closed.")},
    )
    summary = _text(_("Summary"), 4000, _("Summary: please keep it to 4000 characters or fewer."), textarea=True)
    affected_systems = _text(_("Affected systems"), 2000, _("Affected systems: please keep it to 2000 characters or fewer."), textarea=True)
    affected_data = _text(_("Affected data"), 2000, _("Affected data: please keep it to 2000 characters or fewer."), textarea=True)
    leak_sensitive = forms.BooleanField(required=False)
    leak_financial = forms.BooleanField(required=False)
    leak_malicious = forms.BooleanField(required=False)
    leak_over_1000 = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—")] + [(k, pick(label)) for k, label in kind_choices()]
        for case in content.runbook()["leak_report"]["cases"]:
            self.fields[f"leak_{case['id']}"].label = pick(case["question"])

    def clean_discovered_at(self):
        value = _check_year(self.cleaned_data.get("discovered_at"), _("Discovered at: enter a date between the years 2000 and 2100."))
        if value is not None and value > timezone.now() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("Discovered at: the date cannot be in the future."))
        return value


class EntryForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Time"), input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Time: enter when it happened."), "invalid": _("Time: enter a date and time like 2026-12-01 09:30.")},
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("event", _("What happened")), ("decision", _("Decision"))],
        error_messages={"required": _("Type: choose one."), "invalid_choice": _("Type: choose one.")},
    )
    text = _text(_("What happened or was decided"), 1000, _("What happened or was decided: please keep it to 1000 characters or fewer."), required=True, textarea=True,
                 required_message=_("What happened or was decided: enter a short description."))
    by = _text(_("By whom"), 100, _("By whom: please keep it to 100 characters or fewer."))

    def clean_at(self):
        return _check_year(self.cleaned_data.get("at"), _("Time: enter a date between the years 2000 and 2100."))


class TaskForm(forms.Form):
    title = _text(_("Task"), 200, _("Task: please keep it to 200 characters or fewer."), required=True, required_message=_("Task: enter what has to be done."))
    owner = _text(_("Person responsible"), 100, _("Person responsible: please keep it to 100 characters or fewer."))
    due = forms.DateField(
        label=_("Due date"), required=False, input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Due date: enter a date like 2026-12-01.")},
    )

    def clean_due(self):
        return _check_year(self.cleaned_data.get("due"), _("Due date: enter a date between the years 2000 and 2100."))


class LeakCheckForm(forms.Form):
    """The deadline calculator (GET): the day of discovery and the four 第7条 questions; writes nothing."""

    discovered = forms.DateField(
        label=_("Day you learned of the leak"), input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Day you learned of the leak: enter a date like 2026-12-01."),
            "invalid": _("Day you learned of the leak: enter a date like 2026-12-01."),
        },
    )  # fmt: skip
    sensitive = forms.BooleanField(required=False)
    financial = forms.BooleanField(required=False)
    malicious = forms.BooleanField(required=False)
    over_1000 = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for case in content.runbook()["leak_report"]["cases"]:
            self.fields[case["id"]].label = pick(case["question"])

    def clean_discovered(self):
        return _check_year(self.cleaned_data.get("discovered"), _("Day you learned of the leak: enter a date between the years 2000 and 2100."))


class DrillForm(forms.Form):
    date = forms.DateField(
        label=_("Date of the drill"), input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Date of the drill: enter a date like 2026-12-01."), "invalid": _("Date of the drill: enter a date like 2026-12-01.")},
    )  # fmt: skip
    participant_count = forms.IntegerField(
        label=_("Number of participants"), min_value=1, max_value=10000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Number of participants: enter how many took part, e.g. 5."),
            "invalid": _("Number of participants: enter a whole number, e.g. 5."),
            "min_value": _("Number of participants: enter at least 1."),
            "max_value": _("Number of participants: enter at most 10000."),
        },
    )  # fmt: skip
    participants = _text(_("Participants (names, optional)"), 300, _("Participants: please keep it to 300 characters or fewer."))
    notes = _text(_("Notes (what went well, what to improve)"), 2000, _("Notes: please keep it to 2000 characters or fewer."), textarea=True)

    def __init__(self, *args, drill=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = []
        for question in drill["questions"]:
            name = f"q_{question['id']}"
            label = pick(question["text"])
            self.fields[name] = forms.ChoiceField(
                label=label, widget=forms.RadioSelect,
                choices=[(o["id"], pick(o["text"])) for o in question["options"]],
                error_messages={
                    "required": _("%(question)s: choose an answer.") % {"question": label},
                    "invalid_choice": _("%(question)s: choose an answer.") % {"question": label},
                },
            )  # fmt: skip
            self.questions.append(name)

    def clean_date(self):
        value = _check_year(self.cleaned_data.get("date"), _("Date of the drill: enter a date between the years 2000 and 2100."))
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("Date of the drill: the date cannot be in the future."))
        return value

    def answers(self) -> dict:
        return {name[2:]: self.cleaned_data[name] for name in self.questions}
