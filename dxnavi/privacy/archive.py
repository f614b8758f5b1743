"""The export ZIP: ``company.json`` (see ``dataset``), the generated documents and README.txt.

Files live under ``MEDIA_ROOT/private/exports/<company id>/``; MEDIA_ROOT is not served by
the web server or WhiteNoise, so the only way to a file is the owner-only download view.
"""

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone, translation

from dxnavi.assessments import documents as assessment_documents
from dxnavi.assessments.models import Assessment
from dxnavi.knowledge.models import Document
from dxnavi.orgs.models import Role
from dxnavi.orgs.scoping import CompanyAccess, scoped
from dxnavi.secaction import documents as policy_documents
from dxnavi.secaction.docx_export import build_docx
from dxnavi.secaction.models import BasicPolicy
from dxnavi.subsidies import documents as estimate_documents
from dxnavi.subsidies.models import SavedEstimate

from . import dataset

EXPORT_DIR = Path("private") / "exports"


def company_dir(company_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / EXPORT_DIR / str(company_id)


def absolute(file_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / file_name


def _date(value) -> str:
    return f"{timezone.localdate(value):%Y%m%d}"


def documents(company):
    """(path in the ZIP, bytes) of every document the app generates for the company.

    Rendered as the company's owner sees them; ASCII paths so every unzip tool keeps them.
    """
    access = CompanyAccess(company=company, via="member", role=Role.OWNER)
    completed = scoped(Assessment.objects.select_related("pack").defer("pack__definition"), access).filter(status=Assessment.Status.COMPLETED)
    for assessment in completed.order_by("completed_at", "pk"):
        name = f"documents/diagnoses/{assessment.pack_family}_{_date(assessment.completed_at)}_{assessment.pk}.pdf"
        yield name, assessment_documents.result_pdf(access, assessment)
    for policy in scoped(BasicPolicy.objects.all(), access).order_by("version"):
        stem = f"documents/basic_policy/basic_policy_v{policy.version}"
        yield f"{stem}.pdf", policy_documents.policy_pdf(policy)
        yield f"{stem}.docx", build_docx(policy)
    for estimate in scoped(SavedEstimate.objects.select_related("catalog"), access).order_by("created_at", "pk"):
        name = f"documents/subsidy_estimates/estimate_{_date(estimate.created_at)}_{estimate.pk}.pdf"
        yield name, estimate_documents.estimate_pdf(access, estimate)
    # The company's own uploaded files, as uploaded (their names and titles are in company.json).
    for document in scoped(Document.objects.only("pk", "kind", "content", "company_id"), access).order_by("pk").iterator(chunk_size=20):
        yield f"documents/uploaded/document_{document.pk}.{document.kind}", bytes(document.content)


def readme(data: dict, document_names: list[str], valid_days: int) -> str:
    sections = [
        {"key": s.key, "description": s.description, "count": len(data["sections"][s.key]["rows"]), "omit": s.omit,
         "as_files": s.as_files}
        for s in dataset.SECTIONS
    ]
    context = {"data": data, "sections": sections, "documents": document_names, "valid_days": valid_days}
    return render_to_string("privacy/export_readme.txt", context)


def build(company, file_key: str, valid_days: int) -> tuple[str, int]:
    """Write the ZIP and return (file name relative to MEDIA_ROOT, size in bytes).

    Everything is rendered in the site's language (Japanese), whoever triggered the job.
    The file is written next to its final name and renamed, so a half-written ZIP is never
    offered for download.
    """
    target_dir = company_dir(company.pk)
    target_dir.mkdir(parents=True, exist_ok=True)
    final = target_dir / f"{file_key}.zip"
    handle, temp_name = tempfile.mkstemp(dir=target_dir, suffix=".part")
    os.close(handle)
    try:
        with translation.override(settings.LANGUAGE_CODE), zipfile.ZipFile(temp_name, "w", zipfile.ZIP_DEFLATED) as zf:
            data = dataset.company_data(company)
            zf.writestr("company.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
            names = []
            for name, content in documents(company):
                zf.writestr(name, content)
                names.append(name)
            zf.writestr("README.txt", readme(data, names, valid_days))
        os.replace(temp_name, final)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return str(final.relative_to(settings.MEDIA_ROOT)), final.stat().st_size


def remove(file_name: str) -> bool:
    if not file_name:
        return False
    path = absolute(file_name)
    existed = path.exists()
    path.unlink(missing_ok=True)
    return existed


def remove_company_files(company_id: int) -> int:
    """Delete every export file of a company; the number of files removed."""
    directory = company_dir(company_id)
    if not directory.exists():
        return 0
    count = sum(1 for p in directory.rglob("*") if p.is_file())
    shutil.rmtree(directory)
    return count
