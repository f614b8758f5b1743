"""The peer comparison as it was before the histograms: one COUNT per level over the latest results.

Kept as the reference the histogram-based ``services.peer_comparison`` must equal on every case
(tests/assessments/test_peer_histograms.py) and that bench/peer_percentile.py times for comparison.
"""

from django.db.models import Count, Q

from dxnavi.assessments import services
from dxnavi.assessments.domain import peers
from dxnavi.assessments.models import Assessment


def counted_peer_counts(assessment: Assessment, filters: dict) -> peers.Counts:
    score = assessment.total_score
    row = Assessment.objects.filter(pack_family=assessment.pack_family, is_latest=True, **filters).aggregate(
        n=Count("total_score"),
        below=Count("total_score", filter=Q(total_score__lt=score)),
        equal=Count("total_score", filter=Q(total_score=score)),
    )
    return peers.Counts(n=row["n"], below=row["below"], equal=row["equal"])


def counted_peer_comparison(assessment: Assessment) -> peers.PeerResult:
    if not assessment.is_completed or assessment.total_score is None:
        return peers.PeerResult(shown=False)
    own = assessment if assessment.is_latest else services.latest_completed(assessment.company_id, assessment.pack_family)

    def levels():
        for name, keys in peers.LEVELS:
            filters = {key: getattr(assessment, key) for key in keys}
            counts = counted_peer_counts(assessment, filters)
            own_in_group = own is not None and own.is_latest and all(getattr(own, k) == v for k, v in filters.items())
            yield name, keys, peers.replace_own(counts, assessment.total_score, own.total_score if own_in_group else None)

    return peers.choose_group(levels())
