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
        from .upload_forms import install as upload_forms_install

        presenters_install()
        upload_forms_install()  # the admin's profile picture gets the checks of every image
        # Pages (published, moved, deleted), their indicators and periods.
        invalidate_on(Page, Site, *self.get_models())
