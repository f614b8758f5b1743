"""Our Japanese catalogs are not shadowed by Django's own.

Django looks a msgid up in the catalogs of INSTALLED_APPS in order, and the admin comes first: a
msgid the admin also translates shows the admin's translation, not ours. That made the subsidy
form's 「なし」 show as a literal "None" (the admin's ja catalog keeps "None"). A shadowed msgid
needs a msgid of its own (or a context).
"""

import pytest
from django.utils import translation

from tests.test_translations import CATALOGS, live_entries

# Only in the Django admin (a model field's verbose name), where the admin's 「バージョン」 reads fine.
ADMIN_ONLY = {"version"}


def _ours():
    for po in CATALOGS:
        for entry in live_entries(po):
            if not entry.is_header and entry.msgctxt is None and entry.msgid_plural is None:
                yield po, entry


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parts[-5])
def test_catalog_msgids_not_shadowed_by_django_catalogs(po):
    with translation.override("ja"):
        shadowed = [
            f"{entry.label()}: shown as {translation.gettext(entry.msgid)!r}, ours {entry.msgstr.get(0)!r}"
            for path, entry in _ours()
            if path == po and entry.msgid not in ADMIN_ONLY and translation.gettext(entry.msgid) != entry.msgstr.get(0)
        ]
    assert shadowed == []
