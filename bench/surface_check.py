"""The attack-surface check against real servers on 127.0.0.1: one domain end to end (≤ 30 s), then 1,000
domains queued and checked by the monthly job's pool with bounded concurrency and a connection rate limit.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/h_surface .venv/bin/python bench/surface_check.py \
        [--domains 1000] [--workers 16] [--rate 2000]

Starts the tests' loopback servers (``tests/surface/servers.py``): a DNS server answering for
``dNNNN.bench-sme.jp`` (the ownership TXT record, SPF, DMARC, MX, A → 127.0.0.1), an HTTPS server with a
certificate from a trustme test CA for ``*.bench-sme.jp`` (expiring in 20 days, no HSTS), an HTTP server
redirecting to HTTPS, a listening "remote desktop" port and closed ports for the rest of the port table, all
reached through ``SURFACE_PORT_MAP``. Nothing leaves the machine.

1. One domain: added, confirmed (「確認する」: the TXT query), checked as the company's tracked job (DNS,
   connect checks, TLS verified + TLS 1.0/1.1 attempts, HTTP and HTTPS GET, stored run, action list
   regenerated). Prints the wall time.
2. ``--domains`` verified domains (10 per company, the limit) due for their monthly re-check, checked by ``scheduler.check_targets`` with
   ``--workers`` threads and at most ``--rate`` new connections per second: throughput (domains/s), the probe
   time per domain (p50/p95), connections the servers saw, and the size of what was stored.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _setup  # noqa: E402

SUFFIX = "bench-sme.jp"
COMPANY = "bench-surface-company"
PER_COMPANY = 10  # SURFACE_MAX_DOMAINS: 1,000 domains are 100 companies' domains


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--rate", type=int, default=2000, help="new connections per second over all workers")
    return parser.parse_args()


def start_servers(tmp: Path):
    import datetime
    import ssl

    import trustme

    from dxnavi.surface import content
    from tests.surface import servers

    ca = trustme.CA()
    ca_file = tmp / "bench-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = ca.issue_cert(f"*.{SUFFIX}", SUFFIX, not_before=now - datetime.timedelta(days=1), not_after=now + datetime.timedelta(days=20))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    dns = servers.DnsServer()
    https = servers.WebServer(headers={"X-Content-Type-Options": "nosniff"}, tls_context=context, body="<title>ベンチ製作所</title>")
    http = servers.WebServer(status=301, headers={"Location": f"https://www.{SUFFIX}/"}, body="")
    rdp = servers.Listener()
    port_map = {port: servers.closed_port() for port in content.ports()}
    port_map.update({443: https.port, 80: http.port, 3389: rdp.port})
    return {"dns": dns, "https": https, "http": http, "rdp": rdp, "ca_file": str(ca_file), "port_map": port_map}


def add_records(dns, name: str, token: str):
    dns.add(f"_dxnavi-verify.{name}", "TXT", f'"dxnavi-verify={token}"')
    dns.add(name, "TXT", '"v=spf1 include:_spf.mail-host.jp ~all"')
    dns.add(f"_dmarc.{name}", "TXT", '"v=DMARC1; p=none"')
    dns.add(name, "MX", f"10 mail.{name}.")
    dns.add(name, "A", "127.0.0.1")


def configure(settings, net, workers, rate):
    settings.SURFACE_NAMESERVERS = [net["dns"].nameserver]
    settings.SURFACE_PORT_MAP = net["port_map"]
    settings.SURFACE_ALLOW_LOOPBACK = True
    settings.SURFACE_CA_FILE = net["ca_file"]
    settings.SURFACE_DNS_TIMEOUT = 3.0
    settings.SURFACE_CONNECT_TIMEOUT = 2.0
    settings.SURFACE_WORKERS = workers
    settings.SURFACE_CONNECTIONS_PER_SECOND = rate
    settings.JOBS_BACKEND = "sync"


def reset():
    from dxnavi.orgs.models import Company

    Company.objects.filter(name__startswith=COMPANY).delete()  # their domains, runs, actions and jobs go with them


def one_domain(net):
    from dxnavi.accounts.models import User
    from dxnavi.jobs.models import TrackedJob
    from dxnavi.orgs.models import Company, CompanyMembership
    from dxnavi.orgs.scoping import CompanyAccess
    from dxnavi.surface import scheduler, services
    from dxnavi.surface.models import CheckRun

    company = Company.objects.create(name=COMPANY, industry_major="E", industry_middle="26", prefecture="13", employees=10)
    user, _created = User.objects.get_or_create(email="bench-surface@example.test", defaults={"name": "ベンチ 社長"})
    CompanyMembership.objects.get_or_create(company=company, user=user, defaults={"role": "owner"})
    access = CompanyAccess(company=company, via="member", role="owner")
    started = time.perf_counter()
    domain = services.add_domain(access, user, f"www.{SUFFIX}")
    add_records(net["dns"], domain.name, domain.token)  # the owner's IT vendor adds the record
    outcome = services.verify_domain(domain)
    job = scheduler.start(access, user, domain)  # sync backend: runs now, as the worker would
    elapsed = time.perf_counter() - started
    job = TrackedJob.objects.get(pk=job.pk)
    run = CheckRun.objects.filter(domain=domain).latest("started")
    print(f"1 domain end to end (add, confirm, tracked check, store, action list): {elapsed:.2f} s "
          f"(limit 30 s) — verify: {outcome.code}, job: {job.status}, probe {run.duration_ms} ms, "
          f"findings: {', '.join(f['id'] for f in run.findings)}")
    return company, elapsed


def many_domains(net, company, count: int, workers: int, rate: int):
    import statistics

    from django.conf import settings
    from django.utils import timezone

    from dxnavi.orgs.data_stamp import bump
    from dxnavi.surface import probes, scheduler, services
    from dxnavi.surface.models import CheckRun, Domain

    from dxnavi.orgs.models import Company

    names = [f"d{i:04d}.{SUFFIX}" for i in range(count)]
    tokens = [services.new_token() for _ in names]
    for name, token in zip(names, tokens):
        add_records(net["dns"], name, token)
    companies = Company.objects.bulk_create(
        Company(name=f"{COMPANY}-{i:03d}", industry_major="E", industry_middle="26", prefecture="13", employees=10)
        for i in range(-(-count // PER_COMPANY))
    )
    Domain.objects.bulk_create(
        Domain(company=companies[i // PER_COMPANY], name=n, display_name=n, token=t, status=Domain.Status.VERIFIED,
               verified_at=timezone.now())
        for i, (n, t) in enumerate(zip(names, tokens))
    )
    for each in companies:
        bump(each.pk)
    before = {k: net[k].connections for k in ("https", "http", "rdp")}
    queries_before = len(net["dns"].queries)
    now = timezone.now()
    started = time.perf_counter()
    targets = [services.target_of(d) for d in scheduler.due_domains(now, count)]
    config = probes.ProbeConfig.from_settings(limiter=probes.RateLimiter(settings.SURFACE_CONNECTIONS_PER_SECOND))
    report = scheduler.check_targets(targets, CheckRun.Trigger.SCHEDULED, config, workers)
    wall = time.perf_counter() - started
    per = sorted(report.per_domain_ms)
    runs = CheckRun.objects.filter(company__in=companies, trigger=CheckRun.Trigger.SCHEDULED)
    stored = sum(len(json.dumps(r.observations, ensure_ascii=False)) + len(json.dumps(r.findings, ensure_ascii=False))
                 for r in runs.only("observations", "findings"))
    connections = {k: net[k].connections - before[k] for k in before}
    print(f"{len(targets)} domains of {len(companies)} companies queued, {workers} workers, ≤ {rate} connections/s: {wall:.1f} s, "
          f"{len(targets) / wall:.1f} domains/s")
    print(f"  done {report.checked}, unverified {report.unverified}, failed {report.failed}; "
          f"probe per domain p50 {_setup.percentile(per, 50):.0f} ms, p95 {_setup.percentile(per, 95):.0f} ms, "
          f"mean {statistics.fmean(per):.0f} ms")
    print(f"  DNS queries {len(net['dns'].queries) - queries_before}, connections: HTTPS {connections['https']}, "
          f"HTTP {connections['http']}, RDP port {connections['rdp']}")
    print(f"  stored: {runs.count()} runs, {stored / 1024:.0f} KB of observations + findings JSON "
          f"({stored / max(1, runs.count()):.0f} bytes per run)")


def main():
    import tempfile

    args = parse_args()
    db = _setup.setup(quiet=True)
    from django.conf import settings
    from django.db import connection

    print(f"database: {_setup.server_version(connection)} ({db['NAME']}), workers {args.workers}, rate {args.rate}/s")
    with tempfile.TemporaryDirectory() as tmp:
        net = start_servers(Path(tmp))
        configure(settings, net, args.workers, args.rate)
        try:
            reset()
            company, elapsed = one_domain(net)
            many_domains(net, company, args.domains, args.workers, args.rate)
            if elapsed > 30:
                print("one domain took over 30 s", file=sys.stderr)
                raise SystemExit(1)
        finally:
            reset()
            for key in ("dns", "https", "http", "rdp"):
                net[key].close()


if __name__ == "__main__":
    main()
