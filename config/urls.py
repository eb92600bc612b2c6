from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views

from . import views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # The comités' admin lived under participation until they got an app of their own.
    re_path(r"^admin/snippets/participation/(?P<model>committee|meeting)/(?P<rest>.*)$",
            RedirectView.as_view(url="/admin/snippets/committees/%(model)s/%(rest)s", permanent=True,
                                 query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", cms_views.search, name="search"),
    path("compte/", include("allauth.urls")),
    path("", include("participation.urls")),
    path("", include("committees.urls")),
    path("", include("projects.urls")),
    path("consultations/", include("consultations.urls")),
    path("assemblees/", include("assemblies.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("sante/", views.health, name="health"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's own addresses (its login and password forms for private pages),
# then the plan pages through cms.views.serve: Wagtail's view, with the
# pattern and name of Wagtail's, which finds their route in the cache.
urlpatterns += [
    *(pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", None) != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, cms_views.serve, name="wagtail_serve"),
]
