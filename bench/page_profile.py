"""CPU per request of the demo owner's pages, next to the login page's GET (issue #11).

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/result_bench .venv/bin/python bench/page_profile.py --seed
    DATABASE_URL=... .venv/bin/python bench/page_profile.py [--runs 200] [--pages result,history] [--profile result]

Seeds the demo (``manage.py seed_demo``: the owner with three self-checks, both DX diagnoses, an
estimate and a plan) with ``--seed``; optionally add peers with ``manage.py generate_synthetic``.
Then GETs each page through Django's test Client, logged in as the demo owner (the whole
middleware stack, template rendering, DXNAVI_DEBUG=0), interleaved page by page, and prints per
page the CPU time per request (``time.process_time``, p50/p95: less noisy than wall time on a
shared machine), the wall p50/p95 and the queries per request, and each page's CPU p50 as a
multiple of the login page's GET and of the framework floor (``floor_view``: the same middleware,
no session, one indexed lookup, a 10-row template; served by this script at /__floor__/). The
``base`` row is a bare company page (company_view and an empty base.html): what every company
page pays before its own work. ``--profile PAGE`` prints cProfile's top functions for that page.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

PAGES = ("floor", "login", "base", "result", "history", "subsidies", "stage", "maturity", "start")

FLOOR_TEMPLATE = """<!doctype html><html lang="ja"><head><title>floor</title></head><body><table>
{% for row in rows %}<tr><td>{{ row.pk }}</td><td>{{ row.name }}</td><td>{{ row.created|date:"Y-m-d" }}</td></tr>{% endfor %}
</table></body></html>"""


def floor_view(request):
    """The framework floor (issue #11): the same middleware, one indexed lookup, a 10-row template."""
    from django.http import HttpResponse
    from django.template import engines

    from dxnavi.orgs.models import Company

    rows = list(Company.objects.filter(pk__gte=1).order_by("pk")[:10])
    return HttpResponse(engines["django"].from_string(FLOOR_TEMPLATE).render({"rows": rows}, request))


def base_view(request, company_id):
    """What every company page costs before its own work: company_view (access) and an empty base.html."""
    from django.shortcuts import render

    from dxnavi.orgs.scoping import company_view

    @company_view(need="view")
    def view(request, access):
        return render(request, "base.html", {"company": access.company, "access": access})

    return view(request, company_id)


def install_floor_url():
    """Serve ``floor_view`` at /__floor__/ next to the project's URLs (this process only)."""
    import types

    from django.conf import settings
    from django.urls import clear_url_caches, include, path

    module = types.ModuleType("bench_page_profile_urls")
    module.urlpatterns = [
        path("__floor__/", floor_view),
        path("__base__/<int:company_id>/", base_view),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--pages", default="", help=f"comma-separated subset of: {','.join(PAGES)} (login is always measured)")
    parser.add_argument("--seed", action="store_true", help="run seed_demo first")
    parser.add_argument("--profile", default="", help="print cProfile's top functions of this page")
    parser.add_argument("--top", type=int, default=35)
    return parser.parse_args()


def urls():
    from django.urls import reverse

    from dxnavi.assessments.models import Assessment
    from dxnavi.orgs.models import Company

    company = Company.objects.get(name="デモ精工株式会社")

    def latest(pack_family):
        a = Assessment.objects.filter(company=company, pack_family=pack_family, is_latest=True).get()
        return reverse("assessments:result", args=[company.pk, a.pk])

    return company, {
        "floor": "/__floor__/",
        "login": reverse("accounts:login"),
        "base": f"/__base__/{company.pk}/",
        "result": latest("security_selfcheck"),
        "history": reverse("assessments:history", args=[company.pk, "security_selfcheck"]),
        "subsidies": reverse("subsidies:index", args=[company.pk]),
        "stage": latest("dx_stage"),
        "maturity": latest("dx_maturity"),
        "start": reverse("assessments:start", args=[company.pk, "security_selfcheck"]),
    }


def main():
    args = parse_args()
    _setup.setup(quiet=True)
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if args.seed:
        call_command("seed_demo", verbosity=0)
    from dxnavi.accounts.models import User
    from dxnavi.web.management.commands.seed_demo import OWNER_EMAIL

    company, page_urls = urls()
    install_floor_url()
    wanted = ["floor", "login", "base"] + [
        p for p in (args.pages.split(",") if args.pages else PAGES) if p not in ("", "floor", "login", "base")
    ]
    owner = User.objects.get(email=OWNER_EMAIL)
    member = Client(HTTP_HOST="localhost")
    member.force_login(owner)
    anonymous = Client(HTTP_HOST="localhost")

    def get(page):
        # The floor and the login page are requested without a session (as in issue #11's floor run).
        client = anonymous if page in ("floor", "login") else member
        response = client.get(page_urls[page])
        if response.status_code != 200:
            raise SystemExit(f"{page}: HTTP {response.status_code} at {page_urls[page]}")
        return response

    if args.profile:
        import cProfile
        import pstats

        for _ in range(args.warmup):
            get(args.profile)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            get(args.profile)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
        return

    for _ in range(args.warmup):
        for page in wanted:
            get(page)
    cpu = {page: [] for page in wanted}
    wall = {page: [] for page in wanted}
    queries = {}
    for page in wanted:
        with CaptureQueriesContext(connection) as captured:
            get(page)
        queries[page] = len(captured)
    reset_queries()
    for _ in range(args.runs):
        for page in wanted:
            c0, w0 = time.process_time(), time.perf_counter()
            get(page)
            cpu[page].append((time.process_time() - c0) * 1000)
            wall[page].append((time.perf_counter() - w0) * 1000)
    print(f"{_setup.server_version(connection)}, {args.runs} runs per page (interleaved), demo company {company.pk}")
    login_p50 = _setup.percentile(sorted(cpu["login"]), 50)
    floor_p50 = _setup.percentile(sorted(cpu["floor"]), 50)
    header = ("cpu p50", "cpu p95", "wall p50", "wall p95", "queries", "× login", "× floor")
    print(f"{'page':10} " + " ".join(f"{h:>8}" for h in header))
    for page in wanted:
        c, w = sorted(cpu[page]), sorted(wall[page])
        cp50 = _setup.percentile(c, 50)
        print(
            f"{page:10} {cp50:7.2f}ms {_setup.percentile(c, 95):7.2f}ms {_setup.percentile(w, 50):8.2f}ms "
            f"{_setup.percentile(w, 95):8.2f}ms {queries[page]:7d} {cp50 / login_p50:7.2f}× {cp50 / floor_p50:7.2f}×"
        )


if __name__ == "__main__":
    main()
