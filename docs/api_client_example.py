#!/usr/bin/env python3
"""An example client of the dxnavi API (docs/api.md), Python 3.10+ standard library only (urllib).

    DXNAVI_URL=https://dxnavi.example.jp DXNAVI_TOKEN=dxn_… python3 docs/api_client_example.py \
        [--org ID] [--filter prefecture=13 --filter sort=-last_activity] [--csv clients.csv] [--selfcheck COMPANY_ID]

What it shows:
- the token in ``Authorization: Bearer …``; every error is an RFC 9457 problem (``ApiError`` prints its
  ``detail`` and each field of ``errors`` in Japanese and English);
- 429 (rate limit): waits ``Retry-After`` seconds and tries again (a few times);
- every POST sends an ``Idempotency-Key`` (a retry after a network error does nothing twice);
- lists: follows ``next_cursor`` through every page; ``?format=csv`` downloads the whole list for Excel;
- a security self-check for a company: start, answer, complete, read the result.

Run without ``--org`` to list your adviser organizations; with ``--org`` it lists that organization's clients
(with the ``--filter`` values: see ``GET /api/v1/organizations/{id}/clients/filters``).
"""

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

MAX_RETRIES = 3


class ApiError(Exception):
    """A problem-details answer (or a non-JSON error)."""

    def __init__(self, status: int, problem: dict):
        self.status = status
        self.problem = problem
        super().__init__(f"{status} {problem.get('code', '')}: {problem.get('detail', '')}")

    def describe(self) -> str:
        lines = [f"HTTP {self.status} {self.problem.get('code', '')}: {self.problem.get('detail', '')}"]
        for error in self.problem.get("errors") or []:
            lines.append(f"  - {error['field']}（{error['field_ja']}）: {error['message_ja']} / {error['message']}")
        return "\n".join(lines)


class Client:
    def __init__(self, base_url: str, token: str, *, language: str = "ja", sleep=time.sleep):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.language = language
        self.sleep = sleep

    def request(self, method: str, path: str, *, query=None, body=None, accept="application/json", idempotency_key=None):
        """(status, headers, body bytes) of a successful answer; raises ApiError on a problem."""
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = json.dumps(body).encode("utf-8") if body is not None else None
        headers = {"Authorization": f"Bearer {self.token}", "Accept": accept, "Accept-Language": self.language}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if method == "POST":
            # The same key on every retry of this call: the server answers a repeat with the stored answer.
            headers["Idempotency-Key"] = idempotency_key or str(uuid.uuid4())
        for attempt in range(MAX_RETRIES + 1):
            request = urllib.request.Request(url, data=data, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return response.status, dict(response.headers), response.read()
            except urllib.error.HTTPError as error:
                content = error.read()
                if error.code == 429 and attempt < MAX_RETRIES:
                    wait = int(error.headers.get("Retry-After") or "1")
                    print(f"rate limited: waiting {wait} s", file=sys.stderr)
                    self.sleep(wait)
                    continue
                try:
                    problem = json.loads(content.decode("utf-8"))
                except ValueError:
                    problem = {"code": "http_error", "detail": content[:200].decode("utf-8", "replace")}
                raise ApiError(error.code, problem) from None
        raise AssertionError("unreachable")

    def json(self, method: str, path: str, **kwargs):
        _status, _headers, content = self.request(method, path, **kwargs)
        return json.loads(content.decode("utf-8")) if content else None

    def pages(self, path: str, query=None, limit: int = 100):
        """Every item of a list, following ``next_cursor``."""
        query = {**(query or {}), "limit": limit}
        while True:
            page = self.json("GET", path, query=query)
            yield from page["items"]
            if not page["next_cursor"]:
                return
            query["cursor"] = page["next_cursor"]


# --- adviser organizations --------------------------------------------------------------------


def list_organizations(client: Client) -> list[dict]:
    return list(client.pages("/api/v1/organizations"))


def list_clients(client: Client, org_id: int, filters: dict | None = None, limit: int = 100) -> list[dict]:
    """Every client of the organization matching ``filters`` (the web's filters: industry, prefecture, size,
    sme, selfcheck_band, dx_stage, dx_maturity, security_action, assignee, status, q, sort)."""
    return list(client.pages(f"/api/v1/organizations/{org_id}/clients", filters, limit=limit))


def download_clients_csv(client: Client, org_id: int, filters: dict | None = None) -> bytes:
    """The same clients as one CSV file (UTF-8 with BOM: Excel opens it as is)."""
    query = {**(filters or {}), "format": "csv"}
    _status, _headers, content = client.request("GET", f"/api/v1/organizations/{org_id}/clients", query=query, accept="text/csv")
    return content


# --- a self-check for a company ---------------------------------------------------------------


def first_option_answers(pack: dict) -> dict:
    """An answer for every choice question (its first option) — replace with the company's real answers."""
    return {q["id"]: q["options"][0]["id"] for part in pack["parts"] for q in part["questions"] if q["options"]}


def run_selfcheck(client: Client, company_id: int, pack_id: str = "security_selfcheck", answers: dict | None = None) -> dict:
    """Start, answer, complete and read a self-check; returns the result."""
    base = f"/api/v1/companies/{company_id}/assessments"
    pack = client.json("GET", f"/api/v1/packs/{pack_id}")
    started = client.json("POST", base, body={"pack_id": pack_id})
    assessment_id = started["id"]
    client.json("PATCH", f"{base}/{assessment_id}/answers", body={"answers": answers or first_option_answers(pack)})
    client.json("POST", f"{base}/{assessment_id}/complete", body={})
    return client.json("GET", f"{base}/{assessment_id}/result")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--org", type=int, help="adviser organization id")
    parser.add_argument("--filter", action="append", default=[], metavar="NAME=VALUE", help="a client-list filter")
    parser.add_argument("--csv", metavar="FILE", help="also save the filtered list as CSV")
    parser.add_argument("--selfcheck", type=int, metavar="COMPANY_ID", help="answer a security self-check for the company")
    args = parser.parse_args(argv)
    url, token = os.environ.get("DXNAVI_URL"), os.environ.get("DXNAVI_TOKEN")
    if not url or not token:
        print("Set DXNAVI_URL and DXNAVI_TOKEN.", file=sys.stderr)
        return 2
    client = Client(url, token)
    try:
        if args.org is None:
            for org in list_organizations(client):
                print(f"{org['id']}\t{org['role']}\t{org['name']}")
        else:
            filters = dict(item.split("=", 1) for item in args.filter)
            for item in list_clients(client, args.org, filters):
                band = (item["results"].get("security_selfcheck") or {}).get("text", "")
                print(f"{item['id']}\t{item['name']}\t{band}")
            if args.csv:
                with open(args.csv, "wb") as file:
                    file.write(download_clients_csv(client, args.org, filters))
                print(f"saved {args.csv}")
        if args.selfcheck:
            result = run_selfcheck(client, args.selfcheck)
            print(json.dumps(result, ensure_ascii=False, indent=2))
    except ApiError as error:
        print(error.describe(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
