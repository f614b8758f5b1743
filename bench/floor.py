"""Page cost against the framework floor: one gunicorn server, one interleaved run (issue #11).

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/floor_bench .venv/bin/python bench/floor.py [--rounds 100]
    (--pages floor,dashboard,adviser_list to measure only some pages; the floor is always measured)

Starts ONE gunicorn server (1 sync worker, DXNAVI_DEBUG=0, the product's settings) serving the product
plus the floor view of ``bench/floor_wsgi.py`` (same middleware, one indexed lookup, a ten-row
template). Prepares the bench data in the same database: ``seed_demo`` (the demo owner's company uses
every instrument: three self-checks, DX stage and maturity, ★★, a subsidy estimate, a plan and its
action list; known passwords) and links the demo adviser organization to at least 60 synthetic
companies (``generate_synthetic`` is run with a small size when there are none, e.g. on SQLite).
Logs in over HTTP as the owner and as the adviser, then requests the pages round-robin for --rounds
rounds (the first --warmup rounds are discarded). For every request it reads the worker's CPU
(on-CPU time in /proc/<pid>/schedstat, in ns; utime+stime of /proc/<pid>/stat where the kernel has
no schedstat) and, on PostgreSQL, the CPU of the database backend serving the worker's connection,
before and after. Prints per page the mean CPU per request (app, database, total),
wall p50/p95, and the ratios of app and total CPU to the floor's. The first self-check PDF download
is timed separately ("pdf first"); "pdf" is the repeat download.
"""

import argparse
import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")
ADVISER_MIN_CLIENTS = 60
PAGES = (
    "floor", "login", "dashboard", "result", "history", "subsidies", "adviser_list", "plan", "actions", "pdf",
)  # fmt: skip


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100, help="measured rounds over every page (default 100)")
    parser.add_argument("--warmup", type=int, default=5, help="rounds discarded first (default 5)")
    parser.add_argument("--pages", default="", help=f"comma-separated subset of: {','.join(PAGES[1:])} (the floor is always in)")
    return parser.parse_args()


# --- bench data ------------------------------------------------------------------------------


def prepare():
    """Demo company (every instrument) with owner and adviser, the adviser linked to ≥ 60 clients."""
    from django.core.management import call_command
    from django.db.models import Count

    from dxnavi.assessments.management.commands.generate_synthetic import SYNTHETIC_PREFIX
    from dxnavi.assessments.models import Assessment
    from dxnavi.orgs.models import AdviserOrganization, Company, SupportLink
    from dxnavi.subsidies import loader
    from dxnavi.web.management.commands import seed_demo

    loader.load()
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)
        if not Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).exists():
            call_command("generate_synthetic", companies=200, assessments=1000, answers="latest", stdout=devnull)
    company = Company.objects.get(name="デモ精工株式会社")
    org = AdviserOrganization.objects.get(name="デモ商工会")
    linked = SupportLink.objects.filter(organization=org, status=SupportLink.Status.ACCEPTED).count()
    if linked < ADVISER_MIN_CLIENTS:
        have = SupportLink.objects.filter(organization=org).values("company_id")
        candidates = (
            Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).exclude(pk__in=have).order_by("pk").values_list("pk", flat=True)
        )
        SupportLink.objects.bulk_create(
            SupportLink(company_id=pk, organization=org, status=SupportLink.Status.ACCEPTED)
            for pk in candidates[: ADVISER_MIN_CLIENTS - linked]
        )
    result = Assessment.objects.filter(company=company, pack_family="security_selfcheck", is_latest=True).get()
    counts = Assessment.objects.filter(company=company, status="completed").values("pack_family").annotate(n=Count("pk"))
    return {
        "company": company,
        "org": org,
        "result": result,
        "owner": (seed_demo.OWNER_EMAIL, seed_demo.DEMO_PASSWORD),
        "adviser": (seed_demo.ADVISER_EMAIL, seed_demo.DEMO_PASSWORD),
        "clients": SupportLink.objects.filter(organization=org, status=SupportLink.Status.ACCEPTED).count(),
        "demo_results": {row["pack_family"]: row["n"] for row in counts},
    }


def data_size(connection):
    from dxnavi.assessments.models import Answer, Assessment
    from dxnavi.orgs.models import Company

    return {
        "companies": Company.objects.count(),
        "assessments": Assessment.objects.count(),
        "answers": Answer.objects.count(),
        "bytes": _setup.database_size(connection),
    }


def urls(data, only):
    from django.urls import reverse

    company, result = data["company"], data["result"]
    all_urls = {
        "floor": ("owner", f"/__floor__/?from={company.pk}"),
        "login": (None, reverse("accounts:login")),
        "dashboard": ("owner", reverse("web:company_dashboard", args=[company.pk])),
        "result": ("owner", reverse("assessments:result", args=[company.pk, result.pk])),
        "history": ("owner", reverse("assessments:history", args=[company.pk, "security_selfcheck"])),
        "subsidies": ("owner", reverse("subsidies:index", args=[company.pk])),
        "adviser_list": ("adviser", reverse("orgs:adviser_org", args=[data["org"].pk])),
        "plan": ("owner", reverse("plans:plan", args=[company.pk])),
        "actions": ("owner", reverse("actions:list", args=[company.pk])),
        "pdf": ("owner", reverse("assessments:pdf", args=[company.pk, result.pk])),
    }
    wanted = [p for p in only.split(",") if p]
    unknown = set(wanted) - set(all_urls)
    if unknown:
        raise SystemExit(f"bench: unknown page(s): {', '.join(sorted(unknown))}")
    return {page: target for page, target in all_urls.items() if not wanted or page in wanted or page == "floor"}


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int):
    env = dict(os.environ, DXNAVI_DEBUG="0", DJANGO_SETTINGS_MODULE="dxnavi.settings")
    # One connection for the whole run, so its backend's CPU can be attributed (the default 60 s
    # would reconnect about once a minute, a cost outside every measured request anyway).
    env.setdefault("DB_CONN_MAX_AGE", "86400")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn), "--workers", "1", "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
        "--chdir", str(ROOT), "--pythonpath", str(ROOT / "bench"), "--timeout", "120", "--log-level", "warning",
        "floor_wsgi:application",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bench: gunicorn exited with {server.returncode}")
        try:
            status, _headers, _body = request(port, "GET", "/__floor__/")
            if status in (200, 302):
                break
        except OSError:
            time.sleep(0.2)
    else:
        stop_server(server)
        raise SystemExit("bench: gunicorn did not answer within 60 s")
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    if len(children) != 1:
        stop_server(server)
        raise SystemExit(f"bench: expected one gunicorn worker, found {children}")
    return server, int(children[0])


def stop_server(server):
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


SCHEDSTAT = Path("/proc/self/schedstat").exists()


def cpu_ns(pid: int | None) -> int:
    """CPU time of a process so far, in ns: its on-CPU time from /proc/<pid>/schedstat when the kernel
    keeps it (exact to the ns; the process is idle between our requests, so it is up to date), else
    utime+stime from /proc/<pid>/stat (clock ticks, usually 10 ms: exact only as a mean of many)."""
    if pid is None:
        return 0
    if SCHEDSTAT:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1_000_000_000 // CLK_TCK  # utime, stime (fields 14, 15)


def worker_backend_pid(connection) -> int | None:
    """PID of the PostgreSQL backend the gunicorn worker keeps open (None elsewhere, or unreadable)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'"
        )
        pids = [row[0] for row in cursor.fetchall()]
    if len(pids) != 1 or not Path(f"/proc/{pids[0]}/stat").exists():
        print(f"bench: cannot attribute database CPU (backends: {pids}); reporting app CPU only", file=sys.stderr)
        return None
    return pids[0]


# --- HTTP ------------------------------------------------------------------------------------


def request(port, method, path, cookies=None, body=None):
    conn = HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Host": "localhost"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://localhost:{port}{path}"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, response.getheaders(), data


def _set_cookies(headers, cookies):
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _sep, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";", 1)[0]


def login(port, email, password) -> dict:
    cookies: dict = {}
    status, headers, body = request(port, "GET", "/accounts/login/")
    _set_cookies(headers, cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not token:
        raise SystemExit(f"bench: login page answered {status} without a CSRF token")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": html.unescape(token.group(1).decode()), "email": email, "password": password}
    )
    status, headers, _body = request(port, "POST", "/accounts/login/", cookies, form)
    _set_cookies(headers, cookies)
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"bench: login as {email} failed ({status})")
    return cookies


# --- the run ---------------------------------------------------------------------------------


def run(args):
    settings_dict = _setup.setup(quiet=True)
    from django.db import connection

    data = prepare()
    size = data_size(connection)
    targets = urls(data, args.pages)
    print(f"database: {_setup.server_version(connection)} ({settings_dict['NAME']})")
    print(
        f"data: {size['companies']:,} companies, {size['assessments']:,} assessments, {size['answers']:,} answers, "
        f"{size['bytes'] / 1e6:,.0f} MB; adviser list: {data['clients']} linked clients (50 per page); "
        f"demo company results: {', '.join(f'{k} {v}' for k, v in sorted(data['demo_results'].items()))}"
    )
    connection.close()
    port = free_port()
    server, worker = start_server(port)
    try:
        sessions = {"owner": login(port, *data["owner"]), "adviser": login(port, *data["adviser"]), None: {}}
        backend = worker_backend_pid(connection)
        print(
            f"server: gunicorn, 1 sync worker (pid {worker}), DXNAVI_DEBUG=0, "
            f"DB_CONN_MAX_AGE={os.environ.get('DB_CONN_MAX_AGE', '86400')}; database backend pid {backend}; "
            f"{args.rounds} rounds after {args.warmup} warm-up rounds, pages round-robin"
        )

        def timed(page):
            who, path = targets[page]
            app0, db0 = cpu_ns(worker), cpu_ns(backend)
            start = time.perf_counter()
            status, _headers, body = request(port, "GET", path, sessions[who])
            wall = time.perf_counter() - start
            if status != 200:
                raise SystemExit(f"bench: {page} ({path}) answered {status}")
            return wall, cpu_ns(worker) - app0, cpu_ns(backend) - db0, len(body)

        first_pdf = timed("pdf") if "pdf" in targets else None
        samples = {page: [] for page in targets}
        for round_ in range(args.warmup + args.rounds):
            pages = list(targets)
            # rotate the starting page so no page always follows the same one
            pages = pages[round_ % len(pages) :] + pages[: round_ % len(pages)]
            for page in pages:
                sample = timed(page)
                if round_ >= args.warmup:
                    samples[page].append(sample)
        if backend is not None and worker_backend_pid(connection) != backend:
            print("bench: warning: the worker's database connection changed during the run", file=sys.stderr)
    finally:
        stop_server(server)
    report(samples, first_pdf, connection.vendor, backend)


def report(samples, first_pdf, vendor, backend):
    ms_per_tick = 1e-6  # ns → ms

    def stats(rows):
        walls = sorted(r[0] * 1000 for r in rows)
        app = sum(r[1] for r in rows) * ms_per_tick / len(rows)
        db = sum(r[2] for r in rows) * ms_per_tick / len(rows)
        return {"p50": _setup.percentile(walls, 50), "p95": _setup.percentile(walls, 95), "app": app, "db": db,
                "total": app + db, "bytes": sum(r[3] for r in rows) / len(rows)}  # fmt: skip

    table = {page: stats(rows) for page, rows in samples.items()}
    floor = table["floor"]
    print()
    print(
        f"{'page':<13} {'n':>4} {'wall p50':>9} {'wall p95':>9} {'CPU app':>8} {'CPU db':>7} {'CPU total':>9} "
        f"{'× floor app':>11} {'× floor total':>13} {'KB':>7}"
    )
    for page, s in table.items():
        ratio_app = s["app"] / floor["app"] if floor["app"] else float("nan")
        ratio_total = s["total"] / floor["total"] if floor["total"] else float("nan")
        print(
            f"{page:<13} {len(samples[page]):>4} {s['p50']:>7.1f}ms {s['p95']:>7.1f}ms {s['app']:>6.1f}ms {s['db']:>5.1f}ms "
            f"{s['total']:>7.1f}ms {ratio_app:>10.1f}× {ratio_total:>12.1f}× {s['bytes'] / 1024:>7.1f}"
        )
    if first_pdf is not None:
        wall, app, db, size = first_pdf
        print(
            f"{'pdf first':<13} {1:>4} {wall * 1000:>7.1f}ms {'':>9} {app * ms_per_tick:>6.1f}ms {db * ms_per_tick:>5.1f}ms "
            f"{(app + db) * ms_per_tick:>7.1f}ms {'(one request, before the rounds)':>26} {size / 1024:>7.1f}"
        )
    over = [p for p, s in table.items() if p != "floor" and floor["total"] and s["total"] / floor["total"] > 3]
    print()
    source = "/proc/<pid>/schedstat on-CPU time" if SCHEDSTAT else "/proc/<pid>/stat utime+stime"
    print(f"CPU per request = mean delta of {source} of the worker (app) and of its PostgreSQL backend (db).")
    if backend is None:
        print("database CPU not attributed: " + ("SQLite runs inside the worker (counted as app)" if vendor == "sqlite" else "backend not found"))
    print(f"pages over 3× the floor (total CPU): {', '.join(over) if over else 'none'}")


def main():
    run(parse_args())


if __name__ == "__main__":
    main()
