from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from cms.sitemaps import ListingSitemap, PageSitemap
from committees import sitemaps as committee_sitemaps
from consultations import sitemaps as consultation_sitemaps
from journal import sitemaps as journal_sitemaps
from opendata import api as opendata_api
from opendata import sitemaps as opendata_sitemaps
from participation.admin_scoping import guard_admin_urls
from projects import sitemaps as project_sitemaps

from . import views

# The sitemap: the plan's pages, then each app's public objects and lists.
SITEMAP_PARTS = (committee_sitemaps, project_sitemaps, consultation_sitemaps, journal_sitemaps, opendata_sitemaps)
SITEMAPS = {
    "pages": PageSitemap,
    "lists": type("Lists", (ListingSitemap,), {
        "names": [name for part in SITEMAP_PARTS for name in getattr(part, "LISTINGS", [])]}),
    **{name: sitemap for part in SITEMAP_PARTS for name, sitemap in part.SITEMAPS.items()},
}

urlpatterns = [
    # First: the proxy's and the containers' health checks find it without
    # walking the other patterns.
    path("sante/", views.health, name="health"),
    # One door to sign in: Wagtail's own login and password reset lead to the
    # site's (config/views.py). Django's admin is not served: the Wagtail
    # admin is the only one (docs/security.md).
    path("admin/login/", views.sign_in_door),
    re_path(r"^admin/password_reset/", views.password_reset_door),
    # The comités' admin lived under participation until they got an app of their own.
    re_path(r"^admin/snippets/participation/(?P<model>committee|meeting)/(?P<rest>.*)$",
            RedirectView.as_view(url="/admin/snippets/committees/%(model)s/%(rest)s", permanent=True,
                                 query_string=True)),
    # Every admin view behind the guard of participation/admin_scoping (each
    # organisation's staff see their own organisation's).
    path("admin/", include(guard_admin_urls(wagtailadmin_urls.urlpatterns))),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", cms_views.search, name="search"),
    path("compte/", include("allauth.urls")),
    path("", include("participation.urls")),
    path("", include("committees.urls")),
    path("", include("projects.urls")),
    path("consultations/", include("consultations.urls")),
    path("assemblees/", include("assemblies.urls")),
    path("", include("journal.urls")),
    path("", include("bilan.urls")),
    path("", include("privacy.urls")),
    path("", include("opendata.urls")),
    path("api/v1/", opendata_api.urls()),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's own addresses (its front-end login, which leads to the site's,
# and the password form of private pages, its failures limited), then the
# plan pages through cms.views.serve: Wagtail's view, with the
# pattern and name of Wagtail's, which finds their route in the cache.
_REPLACED = {"wagtail_serve", "wagtailcore_login", "wagtailcore_authenticate_with_password"}
urlpatterns += [
    *(pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", None) not in _REPLACED),
    path("_util/login/", views.sign_in_door, name="wagtailcore_login"),
    path("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/", views.page_password,
         name="wagtailcore_authenticate_with_password"),
    re_path(wagtail_urls.serve_pattern, cms_views.serve, name="wagtail_serve"),
]
