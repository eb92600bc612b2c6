class PublicPageMixin:
    """What every public page of the plan site shares.

    comments-xtd (issue 4) and other apps redirect to the commented object's
    `get_absolute_url()`, which Wagtail pages do not define."""

    def get_absolute_url(self):
        return self.get_url()
