"""Checking the rows of a client list: what each row would do, or why it cannot be imported.

Each row goes through ``orgs.forms.ClientRegistrationForm`` — the single-client form, so the
same rules and messages — and then through ``orgs.services.plan_client_registrations`` (the
registration's own rules: an owner e-mail of the organization, a 法人番号 already registered, a
link that exists) in a few bulk queries. Added here: values the columns do not know, duplicates
inside the file (naming the other row) and sole proprietors this organization already registered.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dxnavi.orgs import services as org_services
from dxnavi.orgs.forms import ClientRegistrationForm
from dxnavi.orgs.models import Company

from .columns import BY_KEY, COLUMNS, SAMPLE_MARK, UnknownValue, form_value

# What a row does (``outcome``): "invited" a new company and its owner's invitation; "requested" a
# link request to the company already registered with the number; "pending" / "linked" / "declined"
# / "registered" nothing (already asked, already a client, the company said no, already imported);
# "sample" the template's example row; "error" nothing can be imported until it is fixed.
WRITES = {"invited", "requested"}
UNCHANGED = {"pending", "linked", "declined", "registered", "sample"}

_FIELDS = [column.key for column in COLUMNS]
# The Company fields the client form sets (its Meta.fields).
COMPANY_FIELDS = tuple(ClientRegistrationForm._meta.fields)


def _unknown_message(key: str) -> str:
    return {
        "is_sole_proprietor": _("Enter はい or いいえ."),
        "industry_major": _("No such industry (大分類). Enter its letter (A–T) or its name from the template's list."),
        "industry_middle": _("No such industry (中分類). Enter its two-digit code or its name."),
        "prefecture": _("No such prefecture. Enter its name, such as 東京都."),
    }.get(key, _("This value is not valid."))


class RowChecker:
    """One ``ClientRegistrationForm`` reused for every row (building it costs 20 times its validation)."""

    def __init__(self):
        self.form = ClientRegistrationForm(data={})

    def clean(self, data: dict):
        """(company, owner e-mail, {field: [messages]}) for one row's form input."""
        form = self.form
        form.data = data
        form.instance = Company()
        form.full_clean()
        errors = {name: list(messages) for name, messages in form.errors.items()}
        return form.instance, form.cleaned_data.get("owner_email", ""), errors


def check(organization, rows: list, *, progress=None) -> list[dict]:
    """``rows``: ``[(line, {column key: text})]`` → one dict per row: line, cells, outcome, errors."""
    return check_with_clients(organization, rows, progress=progress)[0]


def check_with_clients(organization, rows: list, *, progress=None) -> tuple[list[dict], list]:
    """``check``, and the ``ClientRequest`` of every row that writes (in file order)."""
    checker = RowChecker()
    checked, requests = [], []
    seen_numbers, seen_sole = {}, {}
    total = len(rows)
    for position, (line, cells) in enumerate(rows):
        row = {"line": line, "cells": {key: cells.get(key, "") for key in _FIELDS}, "outcome": "", "errors": []}
        checked.append(row)
        if cells.get("name", "").startswith(SAMPLE_MARK):
            row["outcome"] = "sample"
            continue
        data, errors = {}, {}
        for key in _FIELDS:
            try:
                data[key] = form_value(key, cells.get(key, ""))
            except UnknownValue:
                errors[key] = [_unknown_message(key)]
                data[key] = ""
        company, email, form_errors = checker.clean(data)
        for key, messages in form_errors.items():
            errors.setdefault(key, messages[:1])  # one reason per cell (clean() repeats an invalid number)
        if not errors:
            _duplicates(row, company, email, seen_numbers, seen_sole, errors)
        for key, messages in errors.items():
            column = BY_KEY.get(key)
            for message in messages:
                row["errors"].append(
                    {"column": column.header if column else "", "value": cells.get(key, ""), "reason": str(message)}
                )
        if row["errors"]:
            row["outcome"] = "error"
        else:
            # The form's result, kept for the commit (which checks the database's rules again, not the form's).
            row["clean"] = {name: getattr(company, name) for name in COMPANY_FIELDS} | {"owner_email": email}
            requests.append((row, org_services.ClientRequest(company, email)))
        if progress is not None and (position + 1) % 500 == 0:
            progress(position + 1, total)
    _plan(organization, requests)
    return checked, [client for row, client in requests if row["outcome"] in WRITES]


def recheck(organization, rows: list[dict]) -> tuple[list[dict], list]:
    """The checked rows against the database as it is now (at the commit): the registration's rules
    and the sole proprietors already registered, again; the form's checks of the cells stand. Returns
    the rows with their outcomes now and the ``ClientRequest`` of every row that writes."""
    requests = []
    for row in rows:
        clean = row.get("clean")
        if clean is None:  # the example row, or a row with errors (a batch with errors is never committed)
            continue
        row["outcome"], row["errors"] = "", []
        fields = {name: clean[name] for name in COMPANY_FIELDS}
        requests.append((row, org_services.ClientRequest(Company(**fields), clean["owner_email"])))
    _plan(organization, requests)
    return rows, [client for row, client in requests if row["outcome"] in WRITES]


def _duplicates(row, company, email, seen_numbers, seen_sole, errors) -> None:
    if company.corporate_number:
        first = seen_numbers.setdefault(company.corporate_number, row["line"])
        if first != row["line"]:
            errors["corporate_number"] = [_("The same corporate number as row %(row)s.") % {"row": first}]
        return
    key = (company.name, email.lower())
    first = seen_sole.setdefault(key, row["line"])
    if first != row["line"]:
        errors["name"] = [_("The same company name and owner e-mail address as row %(row)s.") % {"row": first}]


def _plan(organization, requests: list) -> None:
    if not requests:
        return
    clients = [client for _row, client in requests]
    plan = org_services.plan_client_registrations(organization, clients)
    registered = org_services.sole_proprietors_registered(organization, clients)
    for index, ((row, client), step) in enumerate(zip(requests, plan)):
        if isinstance(step, ValidationError):
            row["outcome"] = "error"
            for message in step.message_dict.get("owner_email", step.messages):
                row["errors"].append(
                    {"column": BY_KEY["owner_email"].header, "value": row["cells"]["owner_email"], "reason": str(message)}
                )
        elif index in registered:
            row["outcome"] = "registered"
        else:
            row["outcome"] = step[0]


def counts(rows: list[dict]) -> dict:
    result = {"invited": 0, "requested": 0, "unchanged": 0, "error": 0, "total": len(rows)}
    for row in rows:
        outcome = row["outcome"]
        result["unchanged" if outcome in UNCHANGED else outcome] += 1
    return result
