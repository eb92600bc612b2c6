"""Writes of the plan site."""

from .common import LoadReport, text_to_rich_text
from .groups import organisation_editors_group
from .plans import organisation_upsert, plan_upsert, plans_import

__all__ = [
    "LoadReport",
    "organisation_editors_group",
    "organisation_upsert",
    "plan_upsert",
    "plans_import",
    "text_to_rich_text",
]
