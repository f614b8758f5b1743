"""The basic policy as a PDF (bytes) and the file names of its downloads.

Used by the download views and by ``dxnavi.privacy`` (the company data export); the DOCX
comes from ``docx_export.build_docx``.
"""

from django.utils import translation

from dxnavi.reports.pdf import digest, keyed_pdf

from . import services


def policy_document(policy):
    """A version is immutable: keyed by its id, language and the text it prints (title and parts)."""
    # The document is in the policy's own language, whatever the viewer's UI language is.
    with translation.override(policy.language):
        parts = (policy.version, policy.language, digest(policy.title, policy.parts))
        return keyed_pdf(
            policy.company_id, "policy", policy.pk, parts, "secaction/policy_pdf.html",
            lambda: {"policy": policy, "parts": services.split_parts(policy.parts)},
        )  # fmt: skip


def policy_pdf(policy) -> bytes:
    return policy_document(policy).get()


def policy_filename(policy, ext: str) -> str:
    return f"{policy.title}_{policy.company_name}_v{policy.version}.{ext}"
