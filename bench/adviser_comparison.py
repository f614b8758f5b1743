"""The adviser's comparison of clients (heat map, 50 rows) and invitations page against the client list.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/invites_bench .venv/bin/python bench/adviser_comparison.py \
        [--runs 100] [--size 500]

Reuses ``bench/adviser_list.py``'s synthetic organization (``--size`` clients, each with the three packs' latest
results except every 7th/5th/3rd) and rebuilds the peer histograms (its results are bulk-loaded), so the
peer percentiles are real. Adds 200 invitations and 50 pending requests to the organization once. Then, through
Django's test Client, interleaved: the client list, the heat map and the invitations page. Prints p50/p95 CPU
and wall time per request, the queries per request and the response size.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--size", type=int, default=500)
    args = parser.parse_args()
    settings_dict = _setup.setup(quiet=True, needs_pack="dx_maturity")
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    import adviser_list
    from dxnavi.assessments import peer_histograms
    from dxnavi.orgs.models import Company, Invitation, SupportLink

    print(f"database: {_setup.server_version(connection)} ({settings_dict['NAME']})")
    user, org = adviser_list.adviser_with_clients(args.size)
    peer_histograms.rebuild()
    if not Invitation.objects.filter(organization=org).exists():
        Invitation.objects.bulk_create(
            [Invitation(email=f"bench-invite-{n}@example.test", role="viewer", organization=org) for n in range(200)]
        )
        others = Company.objects.exclude(support_links__organization=org).values_list("pk", flat=True)[:50]
        SupportLink.objects.bulk_create([SupportLink(company_id=pk, organization=org) for pk in others])
    client = Client()
    client.force_login(user)
    pages = {
        "client list": reverse("orgs:adviser_org", args=[org.pk]),
        "heat map": reverse("orgs:adviser_comparison", args=[org.pk]),
        "invitations": reverse("orgs:adviser_invitations", args=[org.pk]),
    }
    results = {}
    for name, url in pages.items():
        results[name] = _setup.timed_gets(client, connection, url, args.runs, args.warmup)
    for name, (wall, cpu, queries, captured) in results.items():
        print(
            f"{name:<12} CPU p50 {_setup.percentile(cpu, 50):6.2f}  p95 {_setup.percentile(cpu, 95):6.2f} ms | "
            f"wall p50 {_setup.percentile(wall, 50):6.2f}  p95 {_setup.percentile(wall, 95):6.2f} ms | "
            f"{len(queries):>2} queries | {len(captured.content) / 1024:.0f} KB"
        )


if __name__ == "__main__":
    main()
