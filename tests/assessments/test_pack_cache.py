"""A questionnaire pack version is parsed once per process; no row query carries its definition."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxnavi.assessments import client_columns, pack_cache, services
from dxnavi.assessments.models import Assessment, QuestionnairePack
from tests.assessments.helpers import all_answers, complete_with
from tests.factories import CompanyFactory


def _definition_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "definition" in q["sql"]]


def test_pack_spec_parsed_once_for_many_assessments(pack):
    companies = CompanyFactory.create_batch(3)
    for company in companies:
        complete_with(company, all_answers("yes"))
    pack_cache.forget()
    with CaptureQueriesContext(connection) as ctx:
        specs = [a.spec for a in Assessment.objects.filter(pack_family="security_selfcheck")]
    assert len(_definition_queries(ctx.captured_queries)) == 1
    assert len({id(spec) for spec in specs}) == 1
    assert specs[0].total_max == 100


def test_client_column_rows_never_select_the_definition(pack):
    companies = CompanyFactory.create_batch(5)
    for company in companies:
        complete_with(company, all_answers("partial"))
    pack.spec  # warm, as after the first request of a process
    with CaptureQueriesContext(connection) as ctx:
        cells = client_columns.security_values(companies)
    assert len(ctx.captured_queries) == 1
    assert _definition_queries(ctx.captured_queries) == []
    assert sorted(cell.text.split(" ")[0] for cell in cells.values()) == ["50/100"] * 5


def test_pack_queries_defer_the_definition(pack):
    with CaptureQueriesContext(connection) as ctx:
        current = services.current_pack("security_selfcheck")
    assert current.pk == pack.pk
    assert _definition_queries(ctx.captured_queries) == []


def test_pack_cache_forgets_a_saved_row(pack):
    before = pack.spec
    row = QuestionnairePack.all_fields.get(pk=pack.pk)
    row.definition = {**row.definition, "title": {"ja": "変更後", "en": "Changed"}}
    row.save()
    fresh = QuestionnairePack.objects.get(pk=pack.pk)
    assert fresh.spec is not before
    assert fresh.spec.title == {"ja": "変更後", "en": "Changed"}
