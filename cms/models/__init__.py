from .indicators import Indicator, IndicatorValue
from .nodes import ActionPage, ActionStatus, AxisPage, GoalPage, ObjectivePage, PlanNodePage, plan_of
from .organisation import OPEN_DATA_LICENCE_URLS, HomePage, OpenDataLicence, OrganisationKind, OrganisationPage
from .plan import PeriodKind, PlanPage, PlanPeriod, PlanStatus
from .tags import ActionTag, TagKind

__all__ = [
    "ActionTag",
    "TagKind",
    "ActionPage",
    "ActionStatus",
    "AxisPage",
    "GoalPage",
    "HomePage",
    "Indicator",
    "IndicatorValue",
    "ObjectivePage",
    "OPEN_DATA_LICENCE_URLS",
    "OpenDataLicence",
    "OrganisationKind",
    "OrganisationPage",
    "PeriodKind",
    "PlanNodePage",
    "PlanPage",
    "PlanPeriod",
    "PlanStatus",
    "plan_of",
]
