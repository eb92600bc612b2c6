"""Consultations a visitor may read, and their results once shown, for the
sitemap (cms/sitemaps.py): drafts and members-only comités' stay out."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from cms.sitemaps import ObjectSitemap, public_organisations_q

from .selectors import consultations_visible


class ConsultationSitemap(ObjectSitemap):
    def items(self):
        return consultations_visible(AnonymousUser()).filter(public_organisations_q()).order_by("pk")


class ConsultationResultsSitemap(ObjectSitemap):
    def items(self):
        now = timezone.now()
        return [consultation for consultation in ConsultationSitemap().items() if consultation.results_visible(now)]

    def location(self, item) -> str:
        return reverse("consultations:results", args=[item.pk])


SITEMAPS = {"consultations": ConsultationSitemap, "consultation_results": ConsultationResultsSitemap}
LISTINGS = ["consultations:index", "consultations:counting"]
