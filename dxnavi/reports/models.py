"""Stored PDFs: a laid-out document is kept, keyed by everything it was made from, and served
again without WeasyPrint (``pdf.cached_pdf``). A derived cache: deleted with the company, never
exported (``privacy.dataset.EXCLUDED``)."""

from django.db import models
from django.utils import timezone


class RenderedDocument(models.Model):
    company = models.ForeignKey("orgs.Company", on_delete=models.CASCADE, related_name="rendered_documents")
    kind = models.CharField(max_length=40)  # "assessment", "policy", "plan", "estimate", "summary", "summary_full"
    object_id = models.BigIntegerField()  # the result's id (the company's for the summaries)
    # sha256 of kind, object id, language, rendering version and the document's inputs or HTML (see pdf.cache_key)
    key = models.CharField(max_length=64, unique=True)
    # In the database rather than under MEDIA_ROOT: removed in the same transaction as the company
    # (no orphan files), and a few hundred kB each.
    content = models.BinaryField()
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["company", "kind", "object_id"])]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.size} bytes)"
