"""A completed assessment's result as a document: the context shared by the result page, the
print view and the PDF, and the PDF itself as bytes.

Used by the download view and by ``dxnavi.privacy`` (the company data export), so both produce
the same file.
"""

from django.utils import timezone

from dxnavi.content.i18n import pick
from dxnavi.reports.pdf import keyed_pdf, prepared_pdf

from . import extensions, fragments, national, presenters, services
from .domain.peers import MIN_GROUP


def result_context(access, assessment) -> dict:
    result = services.result(assessment)
    return {
        "company": access.company,
        "access": access,
        "assessment": assessment,
        "r": result,
        "spec": result.spec,
        "band_tone": presenters.tone_for(result.spec, assessment.band_id),
        "peer_group": presenters.peer_group(result.peers, assessment),
        "peer_subject": presenters.peer_subject(result.spec),
        "min_group": MIN_GROUP,
        # 全国の統計 while the peer group is too small (None when peers are shown or no figure fits).
        "national": national.comparison(result),
        # Sections other apps add to this pack's results (e.g. DX certification readiness).
        "sections": extensions.result_sections(assessment, access),
        # The parts only the result decides are rendered once per key (see fragments.py).
        "fragment_key": fragments.fragment_key(assessment, result.previous),
    }


def _stamp(value) -> str:
    return value.isoformat() if value is not None else "-"


def _names(assessment) -> tuple | None:
    """(answerer's name, e-mail, organization's name) as printed; no query when the view read them along."""
    if assessment.answered_by_id is None and assessment.on_behalf_org_id is None:
        return None
    model = type(assessment)
    if model.answered_by.is_cached(assessment) and model.on_behalf_org.is_cached(assessment):
        user, org = assessment.answered_by, assessment.on_behalf_org
        return (user and user.name, user and user.email, org and org.name)
    return (
        model.objects.filter(pk=assessment.pk).values_list("answered_by__name", "answered_by__email", "on_behalf_org__name").first()
    )


def result_key_parts(access, assessment) -> list | None:
    """Everything the result PDF prints besides the pack version's content (immutable), the
    language and the rendering version, in two light queries (three for a result that is not
    the latest, or whose answerer was not read along; two more for DX認定 readiness): None when a section has no key function.

    - the result itself: id, pack version, completion and last change, score, band, peer-group fields
      (a completed result's answers do not change; ``updated`` moves with any re-scoring);
    - the previous result shown beside it (the change since then): id, pack version, stamps, score;
    - the company's name, who answered and for which adviser organization (users and
      organizations may be renamed), and whether the viewer is an adviser (who reads 「〇〇社の回答」;
      the sections add the edit right where they show it);
    - the peer comparison as printed (group, percentile, size bucket), from the peer histograms;
      while it is not shown, 全国の統計 is printed from the answers and the content files alone;
    - each other app's section's own inputs (``extensions``: e.g. today's security status).
    """
    sections = extensions.section_key_parts(assessment, access)
    if sections is None:
        return None
    previous = (
        services.previous_completed_qs(assessment).values_list("pk", "pack_id", "completed_at", "updated", "total_score").first()
    )
    names = _names(assessment)
    peer = services.peer_comparison(assessment)
    return [
        assessment.pk, assessment.pack_id, _stamp(assessment.completed_at), _stamp(assessment.updated),
        assessment.total_score, assessment.band_id,
        assessment.industry_major, assessment.size_band, assessment.prefecture,
        previous and (previous[0], previous[1], _stamp(previous[2]), _stamp(previous[3]), previous[4]),
        access.company.name, names, access.is_adviser,
        (peer.shown, peer.level, peer.keys, peer.percentile, peer.size_bucket),
        sections,
    ]  # fmt: skip


def result_document(access, assessment, request=None):
    """The A4 result PDF of a completed assessment (the caller checks it is completed), before layout.

    Keyed by ``result_key_parts``: a repeat download is those queries and the stored bytes."""
    template = "assessments/result_pdf.html"
    parts = result_key_parts(access, assessment)
    if parts is None:
        context = result_context(access, assessment)
        return prepared_pdf(access.company.pk, "assessment", assessment.pk, template, context, request=request)
    return keyed_pdf(
        access.company.pk, "assessment", assessment.pk, parts, template, lambda: result_context(access, assessment), request=request
    )


def result_pdf(access, assessment, request=None) -> bytes:
    return result_document(access, assessment, request=request).get()


def result_pdf_filename(assessment) -> str:
    title = pick(assessment.spec.title)
    return f"{title}_{timezone.localdate(assessment.completed_at):%Y%m%d}.pdf"
