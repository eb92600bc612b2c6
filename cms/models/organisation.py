from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.forms import never_shown_back

from .base import PublicPageMixin


def _specific_page(pk: int, content_type_id: int):
    """The page as its own type, with its plan when it has one (a plan item
    page shows it: one query instead of two)."""
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(content_type_id).model_class() or Page  # a removed page type: as Wagtail
    pages = model.objects.filter(pk=pk)
    if any(field.name == "plan" and field.is_relation for field in model._meta.concrete_fields):
        pages = pages.select_related("plan")
    return pages.first()


class HomePage(PublicPageMixin, Page):
    """The site's root: every organisation and its plans."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.OrganisationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find the deepest page matching the URL in one query instead of one
        query per URL segment; that page then routes what remains (a plan's
        outline or timeline). Same result as Wagtail's walk down the tree."""
        if path_components:
            prefixes = [
                self.url_path + "/".join(path_components[:length]) + "/"
                for length in range(len(path_components), 0, -1)
            ]
            found = Page.objects.filter(url_path__in=prefixes).order_by("-depth").values_list(
                "pk", "content_type_id").first()
            page = _specific_page(*found) if found else None
            if page is not None:
                return page.route(request, path_components[page.depth - self.depth :])
        return super().route(request, path_components)

    # What the templates show, from cms/pages.py (set when the app starts).
    presenter = None

    def get_context(self, request, *args, **kwargs):
        return self.presenter.context(self, request, super().get_context(request, *args, **kwargs))


class OrganisationKind(models.TextChoices):
    SOCIAL_CENTRE = "centre_social", _("Social centre")
    FEDERATION = "federation", _("Federation")
    ASSOCIATION = "association", _("Association")
    COOPERATION = "cooperation", _("Cooperation between centres")


class OrganisationPageForm(WagtailAdminPageForm):
    """The logo is one of the images the person may choose in Wagtail (the
    image permission policy: superusers, for now), or the one it has: an
    image id posted by hand is refused and not shown back."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("logo")
        if field is not None and for_user is not None:
            # Here: the image model is known once the apps are loaded.
            from wagtail.images import get_image_model
            from wagtail.permissions import policy_registry

            images = policy_registry.get_by_type(get_image_model())
            choosable = images.instances_user_has_any_permission_for(for_user, ["choose"])
            field.queryset = field.queryset.filter(Q(pk__in=choosable.values("pk")) | Q(pk=self.instance.logo_id))
            never_shown_back(field)


class OpenDataLicence(models.TextChoices):
    """The licences an organisation may put its open data under
    (opendata/datasets.py); the French administration's own by default."""

    ETALAB = "etalab-2.0", "Licence Ouverte / Open Licence 2.0 (Etalab)"
    ODBL = "odbl-1.0", "Open Database License (ODbL) 1.0"
    CC_BY = "cc-by-4.0", "Creative Commons Attribution 4.0 (CC BY 4.0)"
    CC0 = "cc0-1.0", "Creative Commons Zero 1.0 (CC0)"


OPEN_DATA_LICENCE_URLS = {
    OpenDataLicence.ETALAB: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    OpenDataLicence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
    OpenDataLicence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.fr",
    OpenDataLicence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.fr",
}


class OrganisationPage(PublicPageMixin, Page):
    """A centre social, a federation, an association or a cooperation.

    Organisations nest: a federation's centres, or the maisons that share a
    cooperation's plan, are its child pages."""

    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    territory = models.CharField(
        _("territory"), max_length=200, blank=True, help_text=_("For example a town, a district or a département.")
    )
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    open_data_licence = models.CharField(
        _("open data licence"), max_length=16, choices=OpenDataLicence.choices, default=OpenDataLicence.ETALAB,
        help_text=_("The licence of the files and the API giving this organisation's public data."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("territory"),
        index.SearchField("description"),
        index.FilterField("kind"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldPanel("territory"), FieldPanel("address"), FieldPanel("email"), FieldPanel("website")],
            heading=_("Where to find it"),
        ),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("open_data_licence"),
    ]
    parent_page_types = ["cms.HomePage", "cms.OrganisationPage"]
    subpage_types = ["cms.OrganisationPage", "cms.PlanPage"]
    base_form_class = OrganisationPageForm

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    # What the templates show, from cms/pages.py (set when the app starts).
    presenter = None

    def get_context(self, request, *args, **kwargs):
        return self.presenter.context(self, request, super().get_context(request, *args, **kwargs))
