"""The comités' tests share participation's people and plan (a centre
social, its staff and residents) and its comité factories."""

from tests.participation.conftest import (  # noqa: F401  (fixtures and factories)
    action,
    axis,
    make_committee,
    make_meeting,
    make_staff,
    make_user,
    neighbour,
    organisation,
    people,
    plan,
    resident,
    seat,
    senior,
    staff,
)
