"""What the plan's pages show and their sub-pages serve.

The page models hold their fields and routes; what a template shows comes
from the selectors, which read the models. So the models do not import
this module (nor the selectors): each page class has a `presenter`, which
`CmsConfig.ready()` sets to the functions below (the models then import
nothing above them)."""

from django.template.response import TemplateResponse

from .exporting import plan_export_response
from .forms import ActionFilterForm
from .printing import plan_pdf_response
from .selectors import (
    breadcrumbs,
    node_detail,
    organisation_detail,
    organisations_overview,
    plan_actions,
    plan_context,
    plan_subtree,
    plan_timeline,
)


class HomePresenter:
    @staticmethod
    def context(page, request, context: dict) -> dict:
        context["organisations"] = organisations_overview(page)
        return context


class OrganisationPresenter:
    @staticmethod
    def context(page, request, context: dict) -> dict:
        context.update(organisation_detail(page))
        return context


class NodePresenter:
    @staticmethod
    def context(page, request, context: dict) -> dict:
        context.update(node_detail(page))
        return context


class PlanPresenter:
    @staticmethod
    def context(page, request, context: dict) -> dict:
        context["tree"] = plan_subtree(page)
        context["breadcrumbs"] = breadcrumbs(page)
        context.update(plan_context(page))
        return context

    @staticmethod
    def timeline(page, request):
        context = page.get_context(request)
        context.update(plan_timeline(page, context["tree"]))
        return TemplateResponse(request, "cms/plan_timeline.html", context)

    @staticmethod
    def actions(page, request, context: dict):
        context["breadcrumbs"] = breadcrumbs(page)
        form = ActionFilterForm(request.GET or None, plan=page)
        context["filter_form"] = form
        context["actions"] = plan_actions(page, form.cleaned_filters())
        return TemplateResponse(request, "cms/plan_actions.html", context)

    @staticmethod
    def print_pdf(page, request):
        return plan_pdf_response(page)

    @staticmethod
    def export(page, request, file_format: str):
        return plan_export_response(page, file_format)


def presenters_install() -> None:
    from .models import HomePage, OrganisationPage, PlanNodePage, PlanPage

    HomePage.presenter = HomePresenter
    OrganisationPage.presenter = OrganisationPresenter
    PlanNodePage.presenter = NodePresenter
    PlanPage.presenter = PlanPresenter
