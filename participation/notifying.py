"""What the platform tells people about, and by which e-mail switch.

The notifications know nothing of projects or comités: each app registers
its kinds of notification, and the e-mail preferences they go by, when it
starts (its AppConfig.ready), as it registers what can be commented
(commenting.py). A new app adds kinds and preferences without a migration
of this one: a notification stores its kind as text, and a person's choice
is a row of `EmailPreference`, made only when it differs from the default."""

from dataclasses import dataclass

_preferences: dict[str, "Preference"] = {}
_kinds: dict[str, "Kind"] = {}


@dataclass(frozen=True)
class Preference:
    key: str
    label: str  # lazy: "email me about …"
    default: bool = True


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # lazy: "A reply to my comment"
    preference: str


def preference_register(key: str, label, *, default: bool = True) -> None:
    if key in _preferences and _preferences[key].label != label:
        raise ValueError(f"the e-mail preference {key!r} is registered twice")
    _preferences[key] = Preference(key, label, default)


def kind_register(key: str, label, *, preference: str) -> None:
    if preference not in _preferences:
        raise ValueError(f"register the e-mail preference {preference!r} before the kind {key!r}")
    if key in _kinds and _kinds[key].preference != preference:
        raise ValueError(f"the notification kind {key!r} is registered twice")
    _kinds[key] = Kind(key, label, preference)


def preferences() -> list[Preference]:
    return list(_preferences.values())


def preference(key: str) -> Preference:
    return _preferences[key]


def kind(key: str) -> Kind:
    return _kinds[key]


def kind_label(key: str):
    found = _kinds.get(key)
    return found.label if found else key
