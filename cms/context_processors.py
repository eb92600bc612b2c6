from django.utils.functional import lazy

from core.page_cache import generation

FRAGMENT_SECONDS = 600


def public_generation(request):
    """For `{% cache fragment_seconds … public_generation %}`: a fragment that
    is the same for everyone (an action's facts, its projects, partners,
    comités) is cached until the next change the public pages show
    (core/page_cache.py). A preview of a draft in the admin neither reads
    nor fills those fragments."""
    if getattr(request, "is_preview", False):
        return {"public_generation": "preview", "fragment_seconds": 0}
    return {"public_generation": lazy(generation, str)(), "fragment_seconds": FRAGMENT_SECONDS}
