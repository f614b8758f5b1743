"""The job page: a progress bar the page polls (htmx, every second) until the job is done, then the
download. Company data: ``company_view()``, the company's jobs only (members and linked advisers);
an adviser organization's jobs: ``org_view()``, its members only."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from dxnavi.orgs.scoping import company_view, org_view, scoped
from dxnavi.reports.pdf import pdf_response

from . import presenters
from .models import Status, TrackedJob


def _job(access, job_id) -> TrackedJob:
    return get_object_or_404(scoped(TrackedJob.objects.all(), access), pk=job_id)


@company_view()
def detail(request, access, job_id):
    job = _job(access, job_id)
    return render(request, "jobs/detail.html", presenters.job_context(access, job))


@company_view()
def progress(request, access, job_id):
    job = _job(access, job_id)
    return render(request, "jobs/_progress.html", presenters.job_context(access, job))


@company_view()
def download(request, access, job_id):
    job = _job(access, job_id)
    if job.status != Status.DONE:
        return redirect("jobs:detail", company_id=access.company.pk, job_id=job.pk)
    if job.document_id is None:  # replaced by a newer layout since: make it again
        raise Http404
    document = job.document
    return pdf_response(bytes(document.content), job.result.get("filename") or "report.pdf")


def _org_job(org, job_id) -> TrackedJob:
    return get_object_or_404(TrackedJob.objects.filter(organization=org.organization), pk=job_id)


@org_view()
def org_detail(request, org, job_id):
    return render(request, "jobs/org_detail.html", presenters.org_job_context(org, _org_job(org, job_id)))


@org_view()
def org_progress(request, org, job_id):
    return render(request, "jobs/_progress.html", presenters.org_job_context(org, _org_job(org, job_id)))
