from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Strategic plans")

    def ready(self):
        from wagtail.models import Page, Site

        from core.page_cache import invalidate_on

        from . import signals  # noqa: F401
        from .pages import presenters_install

        presenters_install()
        # Pages (published, moved, deleted), their indicators and periods.
        invalidate_on(Page, Site, *self.get_models())
