"""CPU per request of the company dashboard, the plan page and the action list, against the login page.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/dash_bench .venv/bin/python bench/dashboard_profile.py [--runs 200]
    (--pages dashboard,plan to measure only some pages; --profile dashboard prints cProfile's top functions)

Prepares the demo company with ``seed_demo`` (its owner uses every instrument: three self-checks,
both DX diagnoses, ★★, a subsidy estimate, a plan and its action list), logs in as the owner with
the test Client (the whole middleware stack, template rendering; DXNAVI_DEBUG=0), then requests
each page --runs times after --warmup requests. Prints per page the CPU time of this process per
request (``time.process_time``: Python, templates and the database driver; the PostgreSQL server's
own CPU is not counted) p50/p95, the wall-clock p50/p95, the queries per request and the ratios of
the CPU p50 to the floor (the view of bench/floor_wsgi.py, added to the URLs of this process only,
requested by the logged-in owner, as in bench/floor.py) and to the login page's GET (an anonymous GET
of the login form). Issue #11 quoted login at 1.6× the floor, hence the "≤ 1.9× login" yardstick;
measured here and by bench/floor.py under gunicorn the anonymous login GET costs about 0.6× the
logged-in floor, so the floor ratio is the one to read.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

PAGES = ("floor", "login", "dashboard", "plan", "actions")
FLOOR_TEMPLATE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>floor</title></head>
<body><table>
{% for company in companies %}<tr><td>{{ company.pk }}</td><td>{{ company.name }}</td><td>{{ company.prefecture }}</td></tr>
{% endfor %}</table>{% if user.is_authenticated %}<p>{{ user.email }}</p>{% endif %}</body></html>
"""


def install_floor():
    """The floor view of bench/floor_wsgi.py (issue #11) beside the product's URLs, for this process only.

    Same middleware and context processors, one indexed lookup (ten companies by primary key), a
    ten-row template; requested by the logged-in owner like the product's pages.
    """
    import importlib
    import types

    from django.conf import settings
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import clear_url_caches, include, path

    template = engines["django"].from_string(FLOOR_TEMPLATE)

    def floor(request):
        from dxnavi.orgs.models import Company

        companies = list(Company.objects.filter(pk__gte=1).order_by("pk").only("pk", "name", "prefecture")[:10])
        return HttpResponse(template.render({"companies": companies}, request))

    module = types.ModuleType("dashboard_profile_urls")
    module.urlpatterns = [path("__floor__/", floor, name="bench_floor"), path("", include("dxnavi.urls"))]
    for handler in ("400", "403", "404", "500"):
        setattr(module, f"handler{handler}", getattr(importlib.import_module(settings.ROOT_URLCONF), f"handler{handler}", None))
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--pages", default="", help=f"comma-separated subset of: {','.join(PAGES)} (default: all)")
    parser.add_argument("--profile", default="", help="a page to run under cProfile after the timing (prints the top)")
    parser.add_argument("--top", type=int, default=40, help="functions shown by --profile (default 40)")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key for --profile (default cumulative)")
    parser.add_argument("--no-seed", action="store_true", help="use the demo company already in the database")
    return parser.parse_args()


def prepare(seed: bool):
    from django.core.management import call_command

    from dxnavi.orgs.models import Company
    from dxnavi.subsidies import loader

    if seed or not Company.objects.filter(name="デモ精工株式会社").exists():
        loader.load()
        with open(os.devnull, "w") as devnull:
            call_command("seed_demo", stdout=devnull)
    return Company.objects.get(name="デモ精工株式会社")


def urls(company, only: str) -> dict:
    from django.urls import reverse

    all_urls = {
        "floor": "/__floor__/",
        "login": reverse("accounts:login"),
        "dashboard": reverse("web:company_dashboard", args=[company.pk]),
        "plan": reverse("plans:plan", args=[company.pk]),
        "actions": reverse("actions:list", args=[company.pk]),
    }
    return _setup.select_pages(all_urls, only)


def measure(client, connection, url, runs, warmup):
    wall, cpu, queries, response = _setup.timed_gets(client, connection, url, runs, warmup)
    size = len(response.content)
    return {
        "cpu50": _setup.percentile(cpu, 50), "cpu95": _setup.percentile(cpu, 95),
        "wall50": _setup.percentile(wall, 50), "wall95": _setup.percentile(wall, 95),
        "queries": len(queries), "bytes": size, "sql": queries,
    }  # fmt: skip


def main():
    args = parse_args()
    settings_dict = _setup.setup(quiet=True)
    from django.db import connection
    from django.test import Client

    from dxnavi.web.management.commands.seed_demo import DEMO_PASSWORD, OWNER_EMAIL

    company = prepare(seed=not args.no_seed)
    install_floor()
    owner = Client()
    assert owner.login(username=OWNER_EMAIL, password=DEMO_PASSWORD), "demo owner cannot log in"
    anonymous = Client()
    pages = urls(company, args.pages)
    print(f"database: {_setup.server_version(connection)} ({settings_dict['NAME']}); DXNAVI_DEBUG={os.environ['DXNAVI_DEBUG']}")
    print(f"runs {args.runs} per page after {args.warmup} warm-up requests; CPU = time.process_time() of this process")
    results = {}
    for page, url in pages.items():
        client = anonymous if page == "login" else owner
        results[page] = r = measure(client, connection, url, args.runs, args.warmup)
        print(
            f"{page:<10} CPU p50 {r['cpu50']:6.2f}  p95 {r['cpu95']:6.2f} ms   wall p50 {r['wall50']:6.2f}  "
            f"p95 {r['wall95']:6.2f} ms   {r['queries']:>3} queries   {r['bytes'] / 1024:6.1f} KB"
        )
    for base_page, target in (("floor", "≤ 3"), ("login", "≤ 1.9, issue #11's yardstick")):
        if base_page in results:
            base = results[base_page]["cpu50"]
            print(f"ratio of CPU p50 to the {base_page} (target {target}):")
            for page, r in results.items():
                if page != base_page:
                    print(f"  {page:<10} {r['cpu50'] / base:5.2f}×")
    if os.environ.get("BENCH_SHOW_SQL"):
        for page, r in results.items():
            print(f"--- {page}: {r['queries']} queries")
            for sql in r["sql"]:
                print("   ", sql[:300])
    if args.profile:
        url = urls(company, args.profile)[args.profile]
        client = anonymous if args.profile == "login" else owner
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(max(20, args.runs // 4)):
            client.get(url)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
