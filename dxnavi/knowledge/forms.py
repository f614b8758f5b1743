from django import forms
from django.utils.translation import gettext_lazy as _


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (PDF, Word, Excel, PowerPoint, text or Markdown)"),
        allow_empty_file=True,  # an empty file gets the check's own message
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False,
        help_text=_("Without a title, the file name is used."),
    )  # fmt: skip
