"""Adding, verifying and checking domains; the monthly re-checks; the action list — against loopback servers."""

import datetime
import threading
import time

import pytest
from django.utils import timezone

from dxnavi.actions.models import Action
from dxnavi.orgs.scoping import CompanyAccess
from dxnavi.surface import scheduler, services
from dxnavi.surface.domain import names
from dxnavi.surface.models import CheckRun, Domain
from tests.factories import CompanyFactory, member

from . import servers
from .conftest import DOMAIN, TOKEN

pytestmark = pytest.mark.django_db


def _access(company):
    return CompanyAccess(company=company, via="member", role="owner")


def _domain(company, name=DOMAIN, status=Domain.Status.VERIFIED, last_checked=None, token=TOKEN):
    return Domain.objects.create(company=company, name=name, display_name=name, token=token, status=status, last_checked=last_checked)


def _problem_site(net, ca):
    """A site with a few problems: no DMARC, RDP open, no security headers."""
    net.dns.add(DOMAIN, "TXT", '"v=spf1 mx -all"')
    net.dns.add(DOMAIN, "MX", f"10 mail.{DOMAIN}.")
    context = servers.tls_context(ca, DOMAIN)
    https = net.serve(443, servers.WebServer(headers={}, tls_context=context))
    http = net.serve(80, servers.WebServer(status=301, headers={"Location": f"https://{DOMAIN}/"}, body=""))
    rdp = net.serve(3389, servers.Listener())
    return https, http, rdp


def test_add_domain_stores_ascii_name_and_a_token(settings):
    company = CompanyFactory()
    domain = services.add_domain(_access(company), None, "田中製作所.jp")
    assert (domain.name, domain.display_name, domain.status, len(domain.token)) == (
        "xn--fiqs2av35b80rguw.jp", "田中製作所.jp", "pending", 32,
    )


def test_add_domain_refuses_duplicates_and_over_the_limit(settings):
    settings.SURFACE_MAX_DOMAINS = 2
    company = CompanyFactory()
    services.add_domain(_access(company), None, "a-sme.jp")
    with pytest.raises(services.AlreadyAdded):
        services.add_domain(_access(company), None, "A-SME.jp.")
    services.add_domain(_access(company), None, "b-sme.jp")
    with pytest.raises(services.LimitReached):
        services.add_domain(_access(company), None, "c-sme.jp")
    with pytest.raises(names.InvalidName):
        services.add_domain(_access(company), None, "127.0.0.1")
    assert sorted(Domain.objects.filter(company=company).values_list("name", flat=True)) == ["a-sme.jp", "b-sme.jp"]


def test_verify_domain_with_and_without_the_record(net, settings):
    net.settings(settings)
    company = CompanyFactory()
    domain = _domain(company, status=Domain.Status.PENDING)
    assert services.verify_domain(domain).code == "not_found"
    domain.refresh_from_db()
    assert (domain.status, domain.verified_at) == ("pending", None)
    net.owned()
    assert services.verify_domain(domain).code == "verified"
    domain.refresh_from_db()
    assert domain.status == "verified" and domain.verified_at is not None
    net.dns.remove(f"_dxnavi-verify.{DOMAIN}", "TXT")
    assert services.verify_domain(domain).code == "not_found"
    domain.refresh_from_db()
    assert domain.status == "lost"


def test_verify_domain_dns_silent_changes_nothing(settings):
    settings.SURFACE_NAMESERVERS = [f"127.0.0.1:{servers.closed_port()}"]
    domain = _domain(CompanyFactory(), status=Domain.Status.VERIFIED)
    assert services.verify_domain(domain).code == "dns_error"
    domain.refresh_from_db()
    assert domain.status == "verified"


@pytest.mark.parametrize("status", [Domain.Status.PENDING, Domain.Status.LOST])
def test_run_check_unverified_domain_is_never_contacted(net, ca, settings, status):
    """Even with every record and server in place, a domain not verified in the database is refused before
    any DNS query or connection."""
    net.settings(settings)
    net.owned()
    https, http, rdp = _problem_site(net, ca)
    domain = _domain(CompanyFactory(), status=status)
    with pytest.raises(services.NotVerified):
        services.run_check(domain.pk, CheckRun.Trigger.MANUAL)
    assert (net.dns.queries, *servers.settled(https, http, rdp)) == ([], 0, 0, 0)
    assert CheckRun.objects.count() == 0


def test_run_check_stores_the_run_and_feeds_the_action_list(net, ca, settings, django_capture_on_commit_callbacks):
    net.settings(settings)
    net.owned()
    _problem_site(net, ca)
    company = CompanyFactory()
    domain = _domain(company)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_check(domain.pk, CheckRun.Trigger.MANUAL)
    assert [f["id"] for f in run.findings if f["severity"] != "info"] == [
        "port_rdp", "dmarc_missing", "hsts_missing", "nosniff_missing", "frame_missing", "csp_missing",
    ]
    assert (run.status, run.high, run.medium, run.low) == ("done", 1, 2, 3)
    domain.refresh_from_db()
    assert domain.last_checked == run.started
    actions = dict(Action.objects.filter(company=company, origin="surface").values_list("key", "priority"))
    assert actions == {
        f"surface:{domain.pk}:port_rdp": 1, f"surface:{domain.pk}:dmarc_missing": 2, f"surface:{domain.pk}:hsts_missing": 2,
        f"surface:{domain.pk}:nosniff_missing": 3, f"surface:{domain.pk}:frame_missing": 3, f"surface:{domain.pk}:csp_missing": 3,
    }
    rdp = Action.objects.get(company=company, key=f"surface:{domain.pk}:port_rdp")
    assert rdp.title["ja"] == f"{DOMAIN}：リモートデスクトップ（3389番）がインターネットに開いています"
    assert rdp.link == f"/c/{company.pk}/surface/{domain.pk}/result/#finding-port_rdp"


def test_run_check_fixed_problem_resolves_its_action(net, ca, settings, django_capture_on_commit_callbacks):
    net.settings(settings)
    net.owned()
    _https, _http, rdp = _problem_site(net, ca)
    company = CompanyFactory()
    domain = _domain(company)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_check(domain.pk, CheckRun.Trigger.MANUAL)
    rdp.close()  # the company closed remote desktop
    with django_capture_on_commit_callbacks(execute=True):
        services.run_check(domain.pk, CheckRun.Trigger.MANUAL)
    action = Action.objects.get(company=company, key=f"surface:{domain.pk}:port_rdp")
    assert (action.source_present, action.status) == (False, "done")


def test_scheduled_recheck_record_removed_stops_checking(net, ca, settings):
    """The monthly run asks for the record again: gone → the domain turns LOST, nothing else is contacted."""
    net.settings(settings)
    net.dns.add(DOMAIN, "A", servers.LOOPBACK)
    https, http, rdp = _problem_site(net, ca)
    company = CompanyFactory()
    domain = _domain(company, last_checked=timezone.now() - datetime.timedelta(days=31))
    assert scheduler.check_due("2026-12-03") == {"checked": 0, "unverified": 1, "failed": 0, "left": 0}
    domain.refresh_from_db()
    assert domain.status == "lost"
    assert list(CheckRun.objects.values_list("status", flat=True)) == ["unverified"]
    assert net.dns.queries == [(f"_dxnavi-verify.{DOMAIN}", "TXT")]
    assert servers.settled(https, http, rdp) == (0, 0, 0)
    assert scheduler.check_due("2026-12-04") == {"checked": 0, "unverified": 0, "failed": 0, "left": 0}


def test_check_due_picks_due_verified_domains_only(net, ca, settings):
    net.settings(settings)
    company = CompanyFactory()
    now = timezone.now()
    due = [
        _domain(company, name="never.tanaka-seisakusho.jp"),
        _domain(company, name="old.tanaka-seisakusho.jp", last_checked=now - datetime.timedelta(days=30)),
    ]
    recent = _domain(company, name="recent.tanaka-seisakusho.jp", last_checked=now - datetime.timedelta(days=5))
    pending = _domain(company, name="pending.tanaka-seisakusho.jp", status=Domain.Status.PENDING)
    for domain in due + [recent, pending]:
        net.owned(name=domain.name)
    assert sorted(d.name for d in scheduler.due_domains(now, 100)) == sorted(d.name for d in due)
    assert scheduler.check_due("2026-12-03") == {"checked": 2, "unverified": 0, "failed": 0, "left": 0}
    assert sorted(CheckRun.objects.values_list("domain__name", "trigger")) == [
        ("never.tanaka-seisakusho.jp", "scheduled"), ("old.tanaka-seisakusho.jp", "scheduled"),
    ]
    assert scheduler.check_due("2026-12-03") == {"checked": 0, "unverified": 0, "failed": 0, "left": 0}  # idempotent


def test_check_due_runs_with_bounded_concurrency(net, settings, monkeypatch):
    net.settings(settings)
    settings.SURFACE_WORKERS = 3
    company = CompanyFactory()
    for i in range(9):
        net.owned(name=f"d{i}.tanaka-seisakusho.jp")
        _domain(company, name=f"d{i}.tanaka-seisakusho.jp")
    active, peak, lock = [0], [0], threading.Lock()
    original = services.observe

    def observe(target, config):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        try:
            time.sleep(0.05)
            return original(target, config)
        finally:
            with lock:
                active[0] -= 1

    monkeypatch.setattr(services, "observe", observe)
    assert scheduler.check_due("2026-12-03") == {"checked": 9, "unverified": 0, "failed": 0, "left": 0}
    assert peak[0] == 3


def test_tracked_check_job_ends_with_the_result_link(net, ca, settings, django_capture_on_commit_callbacks):
    from dxnavi.jobs.models import TrackedJob

    net.settings(settings)
    net.owned()
    _problem_site(net, ca)
    company = CompanyFactory()
    owner = member(company)
    domain = _domain(company)
    with django_capture_on_commit_callbacks(execute=True):
        job = scheduler.start(_access(company), owner, domain)
    job = TrackedJob.objects.get(pk=job.pk)
    assert (job.status, job.result) == ("done", {"url": f"/c/{company.pk}/surface/{domain.pk}/result/", "label": "結果を見る"})


def test_tracked_check_refused_for_unverified_domain(settings):
    from dxnavi.jobs.models import TrackedJob

    company = CompanyFactory()
    domain = _domain(company, status=Domain.Status.PENDING)
    with pytest.raises(services.NotVerified):
        scheduler.start(_access(company), member(company), domain)
    assert TrackedJob.objects.count() == 0


def test_check_due_stops_starting_domains_after_its_time_budget(net, settings):
    net.settings(settings)
    settings.SURFACE_JOB_SECONDS = 0
    company = CompanyFactory()
    net.owned()
    _domain(company)
    assert scheduler.check_due("2026-12-03") == {"checked": 0, "unverified": 0, "failed": 0, "left": 1}
    assert CheckRun.objects.count() == 0 and net.dns.queries == []
    settings.SURFACE_JOB_SECONDS = 150
    assert scheduler.check_due("2026-12-04") == {"checked": 1, "unverified": 0, "failed": 0, "left": 0}
