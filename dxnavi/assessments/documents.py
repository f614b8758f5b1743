"""A completed assessment's result as a document: the context shared by the result page, the
print view and the PDF, and the PDF itself as bytes.

Used by the download view and by ``dxnavi.privacy`` (the company data export), so both produce
the same file.
"""

from django.utils import timezone

from dxnavi.content.i18n import pick
from dxnavi.reports.pdf import prepared_pdf

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


def result_document(access, assessment, request=None):
    """The A4 result PDF of a completed assessment (the caller checks it is completed), before layout."""
    context = result_context(access, assessment)
    return prepared_pdf(access.company.pk, "assessment", assessment.pk, "assessments/result_pdf.html", context, request=request)


def result_pdf(access, assessment, request=None) -> bytes:
    return result_document(access, assessment, request=request).get()


def result_pdf_filename(assessment) -> str:
    title = pick(assessment.spec.title)
    return f"{title}_{timezone.localdate(assessment.completed_at):%Y%m%d}.pdf"
