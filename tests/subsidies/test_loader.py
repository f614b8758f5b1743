"""Loading the catalogs: idempotent, all-or-nothing, loud about broken content, and the admin-edit precedence."""

import io
import shutil

import pytest
from django.core.management import call_command

from dxnavi.subsidies import loader, services
from dxnavi.subsidies.models import Frame, Program, SubsidyCatalog


@pytest.fixture
def content(tmp_path, settings):
    """A private copy of content/subsidies that a test may edit; the loader reads it."""
    target = tmp_path / "subsidies"
    shutil.copytree(loader.content_dir(), target)
    settings.CONTENT_DIR = tmp_path

    def edit(filename, old, new, count=1):
        path = target / filename
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= count, f"{old!r} not in {filename}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    edit.path = target
    return edit


def _snapshot():
    return sorted(Frame.objects.values_list("pk", "frame_id", "content_hash", "rules"))


def test_load_creates_every_pack(db):
    loader.load()
    assert sorted(SubsidyCatalog.objects.values_list("fiscal_year", "version")) == [
        (2024, "2024.1"),
        (2025, "2025.1"),
        (2026, "2026.2"),
    ]
    assert Program.objects.count() == 11
    assert Frame.objects.count() == 24
    invoice = Frame.objects.get(program__catalog__fiscal_year=2024, frame_id="it_invoice")
    assert (invoice.verified, invoice.program.official_url, invoice.as_of) == (True, "https://it-shien.smrj.go.jp/", "2024-10")


def test_load_twice_changes_nothing(db):
    loader.load()
    before = _snapshot()
    catalogs = sorted(SubsidyCatalog.objects.values_list("pk", "loaded_at", "content_hash"))
    report = loader.load()
    assert _snapshot() == before
    assert sorted(SubsidyCatalog.objects.values_list("pk", "loaded_at", "content_hash")) == catalogs
    assert report[0] == "subsidies/fy2024 2024.1: 4 programs, 9 frames — 0 created, 0 updated, 9 unchanged, 0 deleted"


def test_load_invalid_rate_names_file_and_frame_and_writes_nothing(db, content):
    content("fy2025.yaml", '{upto: 500000, rate: "3/4", small_rate: "4/5"}', '{upto: 500000, rate: "7/4", small_rate: "4/5"}')
    with pytest.raises(ValueError) as error:
        loader.load()
    assert str(error.value) == "fy2025.yaml: frame it_invoice: rules.pools[0].bands[0].rate: 7/4 must be above 0 and at most 1"
    assert SubsidyCatalog.objects.count() == 0
    assert Frame.objects.count() == 0


def test_load_error_leaves_earlier_load_untouched(db, content):
    loader.load()
    before = _snapshot()
    content("fy2024.yaml", 'rate: "1/2"\n              tiers:', 'rate: "1/2"\n              tiers: oops\n              x:', 1)
    with pytest.raises(ValueError, match=r"^fy2024\.yaml: frame it_normal: rules"):
        loader.load()
    assert _snapshot() == before


def test_load_frame_without_source_is_refused(db, content):
    content("fy2026.yaml", '        source: "デジタル化・AI導入補助金2026 詳細概要 (2) 通常枠（未確認）"\n', "")
    with pytest.raises(ValueError, match=r"^fy2026\.yaml: frame it_normal: missing source$"):
        loader.load()


def test_load_unverified_frame_needs_a_note(db, content):
    content(
        "fy2026.yaml",
        '        note:\n          ja: "数値は公式の詳細概要に基づくもので、公募要領・交付規程では未確認です。',
        '        x-old-note:\n          ja: "',
    )
    with pytest.raises(ValueError, match=r"^fy2026\.yaml: frame it_normal: 'note' needs text with both ja and en$"):
        loader.load()


def test_load_duplicate_frame_id_is_refused(db, content):
    content("fy2024.yaml", "      - id: it_e_trade", "      - id: it_invoice")
    with pytest.raises(ValueError, match=r"^fy2024\.yaml: frame it_invoice: duplicate id 'it_invoice'$"):
        loader.load()


def test_load_frame_newer_than_pack_is_refused(db, content):
    content("fy2024.yaml", 'as_of: "2024-10"\ntitle:', 'as_of: "2024-09"\ntitle:')
    with pytest.raises(
        ValueError, match=r"^fy2024\.yaml: frame it_normal: as_of 2024-10 is newer than the pack's as_of 2024-09$"
    ):
        loader.load()


def test_load_broken_checklist_is_refused(db, content):
    content("checklist.yaml", "  - id: self_funding", "  - id: bring_cash")
    with pytest.raises(ValueError, match=r"^checklist\.yaml: checklist: items must be exactly"):
        loader.load()
    assert SubsidyCatalog.objects.count() == 0


def test_load_changed_yaml_updates_the_frame(db, content):
    loader.load()
    content(
        "fy2026.yaml",
        "min: 50000, max: 1500000}\n          required_items: [security_service]",
        "min: 50000, max: 1600000}\n          required_items: [security_service]",
    )
    report = loader.load()
    frame = Frame.objects.get(program__catalog__fiscal_year=2026, frame_id="it_security")
    assert frame.rules["pools"][0]["max"] == 1_600_000
    assert report[2] == "subsidies/fy2026 2026.2: 3 programs, 7 frames — 0 created, 1 updated, 6 unchanged, 0 deleted"


def test_load_keeps_an_admin_edit_and_reports_it(db):
    loader.load()
    frame = Frame.objects.get(program__catalog__fiscal_year=2024, frame_id="it_security")
    frame.rules["pools"][0]["max"] = 900_000
    frame.locally_modified = True
    frame.save()
    report = loader.load()
    frame.refresh_from_db()
    assert (frame.rules["pools"][0]["max"], frame.locally_modified) == (900_000, True)
    assert "  kept the admin edit of FY2024 it_security; run `manage.py load_subsidies --force` to use the YAML" in report


def test_load_force_overwrites_the_admin_edit(db):
    loader.load()
    frame = Frame.objects.get(program__catalog__fiscal_year=2024, frame_id="it_security")
    frame.rules["pools"][0]["max"] = 900_000
    frame.locally_modified = True
    frame.save()
    out = io.StringIO()
    call_command("load_subsidies", "--force", stdout=out)
    frame.refresh_from_db()
    assert (frame.rules["pools"][0]["max"], frame.locally_modified, frame.modified_by) == (1_000_000, False, None)
    assert "1 updated" in out.getvalue()


def test_load_new_version_is_stored_beside_the_old(db, content):
    loader.load()
    old = SubsidyCatalog.objects.get(fiscal_year=2025)
    content("fy2025.yaml", 'version: "2025.1"', 'version: "2025.2"')
    loader.load()
    assert sorted(SubsidyCatalog.objects.filter(fiscal_year=2025).values_list("version", flat=True)) == ["2025.1", "2025.2"]
    assert Frame.objects.filter(program__catalog=old).count() == 8
    assert [c.version for c in services.catalog_choices()] == ["2026.2", "2025.2", "2024.1"]


def test_load_content_command_runs_the_subsidy_loader(db):
    out = io.StringIO()
    call_command("load_content", stdout=out)
    assert "subsidies/fy2026 2026.2: 3 programs, 7 frames — 7 created, 0 updated, 0 unchanged, 0 deleted" in out.getvalue()
    assert "subsidies/checklist.yaml 2026.1: 5 checks — valid" in out.getvalue()


def test_current_catalog_is_the_newest_year(catalogs):
    assert (services.current_catalog().fiscal_year, services.current_catalog().as_of) == (2026, "2026-12-02")
