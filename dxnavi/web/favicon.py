"""``/favicon.ico``: browsers ask for it on every page whatever the ``<link rel=icon>`` says.

It redirects to the static file (hashed name, long cache) instead of serving a second copy.
"""

from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    return HttpResponseRedirect(static("favicon.ico"))
