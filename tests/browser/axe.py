"""axe-core in the browser tests: inject the npm package's axe.min.js (never a CDN) and run it.

``run_axe(page)`` returns the violations grouped by impact. The script is evaluated through the
DevTools protocol, so the site's Content-Security-Policy (no inline scripts) does not block it.
``RESULTS`` collects one row per checked page for the terminal summary (tests/browser/conftest.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AXE_JS = Path(os.environ.get("DXNAVI_AXE_JS", REPO / "node_modules" / "axe-core" / "axe.min.js"))
IMPACTS = ("critical", "serious", "moderate", "minor")
# WCAG 2.0/2.1/2.2 A and AA plus axe's best practices (landmarks, headings, region…).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@dataclass
class AxeResult:
    url: str
    violations: dict[str, list[dict]] = field(default_factory=dict)  # impact -> axe violation objects

    def count(self, impact: str) -> int:
        return sum(len(v["nodes"]) for v in self.violations.get(impact, []))

    def describe(self, impacts=IMPACTS) -> str:
        """Rule ids, help text and targets of the violations of the given impacts."""
        lines = []
        for impact in impacts:
            for violation in self.violations.get(impact, []):
                targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:8])
                lines.append(f"  [{impact}] {violation['id']}: {violation['help']} -> {targets}")
        return "\n".join(lines)


# (page, role, lang, critical, serious, moderate, minor) for pytest_terminal_summary.
RESULTS: list[tuple[str, str, str, int, int, int, int]] = []


@cache
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"axe-core not installed at {AXE_JS}: run `npm ci` (package.json lists axe-core)")
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, tags=TAGS) -> AxeResult:
    """Run axe-core on the page as it is now; violations by impact (nodes carry ``target``)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    raw = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})).violations",
        tags,
    )
    result = AxeResult(url=page.url)
    for violation in raw:
        result.violations.setdefault(violation.get("impact") or "minor", []).append(violation)
    return result


def record(page_name: str, role: str, lang: str, result: AxeResult) -> None:
    RESULTS.append((page_name, role, lang, *(result.count(impact) for impact in IMPACTS)))


def summary_lines() -> list[str]:
    if not RESULTS:
        return []
    width = max(len(row[0]) for row in RESULTS)
    head = f"{'page':<{width}}  {'role':<9} {'lang':<4} {'critical':>8} {'serious':>8} {'moderate':>8} {'minor':>8}"
    lines = [head, "-" * len(head)]
    for name, role, lang, *counts in RESULTS:
        lines.append(f"{name:<{width}}  {role:<9} {lang:<4} " + " ".join(f"{c:>8}" for c in counts))
    totals = [sum(row[i] for row in RESULTS) for i in range(3, 7)]
    lines.append(f"{'total (' + str(len(RESULTS)) + ' page views)':<{width}}  {'':<9} {'':<4} " + " ".join(f"{c:>8}" for c in totals))
    return lines
