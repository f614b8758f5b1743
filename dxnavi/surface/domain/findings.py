"""One finding of a check run: a stable id from ``content/surface/findings.yaml``, its severity and the
facts it is about (shown in the text, e.g. the days to expiry or the open port)."""

from dataclasses import dataclass, field

HIGH, MEDIUM, LOW, INFO = "high", "medium", "low", "info"
SEVERITIES = (HIGH, MEDIUM, LOW, INFO)
_RANK = {HIGH: 0, MEDIUM: 1, LOW: 2, INFO: 3}


@dataclass(frozen=True)
class Finding:
    id: str
    severity: str
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"id": self.id, "severity": self.severity, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: dict) -> "Finding":
        return cls(id=data["id"], severity=data["severity"], params=dict(data.get("params") or {}))


def ordered(findings) -> list[Finding]:
    """Most severe first; ties in the order they were found."""
    indexed = list(enumerate(findings))
    return [f for _i, f in sorted(indexed, key=lambda pair: (_RANK[pair[1].severity], pair[0]))]


def counts(findings) -> dict:
    result = {severity: 0 for severity in SEVERITIES}
    for finding in findings:
        result[finding.severity] += 1
    return result


def worst(findings) -> str | None:
    ranked = ordered(findings)
    return ranked[0].severity if ranked else None
