"""The company's own documents and their search index; the generative-AI checklist answers.

``Document``: one uploaded file (bytes in the database, like ``reports.RenderedDocument``), its type as
detected from the content, the extraction status (a job fills it). ``Passage``: a piece of a document's
text with where it is (page / slide / sheet, position), the unit search ranks and answers cite.
``Term`` and ``Posting``: the inverted index of the passages (derived data, written only by
``index.py``); ``Posting`` carries the company, the term frequency and the passage length so that a
scoped BM25 query reads one covering index and nothing else.
The guidance library is content (``content/knowledge/``), indexed in memory, never stored here.
Every company row carries ``company`` so ``scoping.scoped`` filters it directly.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dxnavi.orgs.models import Company


class DocumentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"
    PPTX = "pptx", "PowerPoint (PPTX)"
    TXT = "txt", _("Plain text")
    MD = "md", "Markdown"


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    PROCESSING = "processing", _("Reading the text")
    READY = "ready", _("Searchable")
    FAILED = "failed", _("Could not be read")


class Document(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="knowledge_documents")
    title = models.CharField(_("document title"), max_length=200)
    filename = models.CharField(_("file name of the document"), max_length=255)
    kind = models.CharField(_("file type"), max_length=8, choices=DocumentKind.choices)
    size = models.PositiveIntegerField(_("file size"))
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    status = models.CharField(_("reading status"), max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED)
    error = models.CharField(_("reading error"), max_length=500, blank=True)
    pages = models.PositiveIntegerField(default=0)  # PDF pages, slides or sheets; 0 for text
    passage_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    indexed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [models.UniqueConstraint(fields=["company", "sha256"], name="uniq_knowledge_document_file")]
        indexes = [models.Index(fields=["company", "-created"], name="knowledge_doc_company_idx")]

    def __str__(self):
        return self.title


class Passage(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passages")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    ordinal = models.PositiveIntegerField()  # 1, 2, 3 … in reading order within the document
    page = models.PositiveIntegerField(null=True, blank=True)  # PDF page, slide or sheet number (1-based)
    position = models.PositiveIntegerField(default=1)  # the passage's number within its page (1-based)
    heading = models.CharField(max_length=300, blank=True)  # nearest heading, sheet name or slide title
    text = models.TextField()
    length = models.PositiveIntegerField(default=0)  # number of search terms (BM25 document length)

    class Meta:
        ordering = ["document", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["document", "ordinal"], name="uniq_knowledge_passage_ordinal")]
        indexes = [models.Index(fields=["company", "length"], name="knowledge_passage_company_idx")]  # covering: the corpus size and length of a company in an index-only scan


class Term(models.Model):
    text = models.CharField(max_length=64, unique=True)


class Posting(models.Model):
    """One term in one passage (derived: written only by ``index.index_document``)."""

    pk = models.CompositePrimaryKey("term_id", "passage_id")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+", db_index=False)
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+", db_index=False)
    tf = models.PositiveSmallIntegerField()
    length = models.PositiveIntegerField()  # the passage's length, copied so ranking needs no join

    class Meta:
        indexes = [models.Index(fields=["term", "company", "passage", "tf", "length"], name="knowledge_posting_scan_idx")]


class GenAIAnswer(models.Model):
    """The company's answer to one item of the generative-AI checklist (``content/knowledge/genai_checklist.yaml``)."""

    class Value(models.TextChoices):
        YES = "yes", _("In place")
        NO = "no", _("Not in place yet")
        NOT_USED = "na", _("We do not use this")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="genai_answers")
    item_id = models.CharField(max_length=40)
    value = models.CharField(max_length=4, choices=Value.choices)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "item_id"], name="uniq_genai_answer_item")]
