"""The Wagtail admin, scoped by organisation: an organisation's staff
(salarié·es, administrateur·rices, as roles.py answers) see and change only
their own organisation's pages and objects; superusers everything.

- pages.py: which pages a person administers;
- policies.py: the permission policies of organisation objects (comités,
  meetings, indicators…), registered per model;
- snippets.py: snippet views, choosers, bulk actions and forms that ask them;
- guard.py and table.py: every admin view's decision, applied before it runs
  (config/urls.py).
"""

from .guard import guard_admin_urls as _guard_admin_urls
from .pages import ancestors_q, organisation_paths, pages_in_scope, pages_q
from .policies import OrganisationScopedPolicy, PageScopedPolicy, organisation_policy
from .snippets import (
    PageScopedForm,
    ScopedDeleteBulkAction,
    ScopedForm,
    ScopedSnippetViewSet,
    scoped,
    scoped_objects,
)
from .table import ADMIN_VIEWS


def guard_admin_urls(urlpatterns):
    """Wagtail's admin URL patterns, each view behind the guard and its table."""
    return _guard_admin_urls(urlpatterns, ADMIN_VIEWS)


__all__ = [
    "ADMIN_VIEWS",
    "OrganisationScopedPolicy",
    "PageScopedForm",
    "PageScopedPolicy",
    "ScopedDeleteBulkAction",
    "ScopedForm",
    "ScopedSnippetViewSet",
    "ancestors_q",
    "guard_admin_urls",
    "organisation_paths",
    "organisation_policy",
    "pages_in_scope",
    "pages_q",
    "scoped",
    "scoped_objects",
]
