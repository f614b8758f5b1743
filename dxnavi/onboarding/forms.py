from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Client list (Excel .xlsx or CSV)"),
        help_text=_("Up to 10,000 clients per file. CSV in UTF-8 or Shift_JIS."),
        allow_empty_file=True,  # an empty file gets the import's own message
    )
