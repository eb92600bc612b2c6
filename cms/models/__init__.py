from .indicators import Indicator, IndicatorValue
from .nodes import ActionPage, ActionStatus, AxisPage, GoalPage, ObjectivePage, PlanNodePage, plan_of
from .organisation import HomePage, OrganisationKind, OrganisationPage
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
    "OrganisationKind",
    "OrganisationPage",
    "PeriodKind",
    "PlanNodePage",
    "PlanPage",
    "PlanPeriod",
    "PlanStatus",
    "plan_of",
]
