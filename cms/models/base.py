from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PublicPageMixin:
    """What every public page of the plan site shares.

    comments-xtd (issue 4) and other apps redirect to the commented object's
    `get_absolute_url()`, which Wagtail pages do not define."""

    def get_absolute_url(self):
        return self.get_url()

    def get_view_restrictions(self):
        """The privacy settings of the page and its ancestors, in one query
        rather than Wagtail's two, and none when the page is in no private
        branch: the ancestors' paths are the prefixes of
        this page's own path. An alias takes its original's restrictions,
        as in Wagtail."""
        from wagtail.models import PageViewRestriction

        from cms.visibility import private_paths

        if not any(self.path.startswith(path) for path in private_paths()):
            # Neither the page nor an ancestor (nor an ancestor's original) has
            # a setting: the list of the site's private branches, cached until
            # the pages change, says so without a query of the page's own.
            return PageViewRestriction.objects.none()
        if self.alias_of_id:
            return super().get_view_restrictions()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(Q(page__path__in=paths) | Q(page__aliases__path__in=paths))


# The FALC writing rules ("facile à lire et à comprendre"), beside the field
# for those who write it.
PLAIN_LANGUAGE_RULES = _(
    "Shown first, for people who read French with difficulty. Short sentences: one idea per line. Everyday "
    "words; explain a hard word, or do not use it. No abbreviations, no percentages: “3 people out of 10”. "
    "Numbers in digits. Say who does what, to whom, when. Speak to the reader: “you can…”.")
