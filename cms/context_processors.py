from django.utils.functional import lazy

from .page_cache import generation


def public_generation(request):
    """For `{% cache … public_generation %}`: a fragment that is the same
    for everyone (a plan item's projects, partners, comités) is cached until
    the next change the public pages show (cms/page_cache.py). Read only by
    the templates that use it."""
    return {"public_generation": lazy(generation, str)()}
