"""What can be commented, followed and watched live.

The comment system knows nothing of plans, projects or consultations: each
kind of object registers itself here with how to find the organisation that
moderates its comments and who may read it. Plan pages are registered by
this app (see apps.py); projects, comités and consultations register theirs.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404


def _public(user, obj) -> bool:
    return True


@dataclass(frozen=True)
class Commentable:
    organisation: Callable  # obj -> OrganisationPage | None
    can_view: Callable = _public  # (user, obj) -> bool
    queryset: Callable | None = None  # model -> the objects that may be commented (e.g. live pages)
    # organisation -> [(group label, [(object, label)])]: what the accueil may
    # comment on in a person's name (participation/views/accueil.py).
    accueil_choices: Callable | None = None


_registry: dict[type[models.Model], Commentable] = {}


def register(model: type[models.Model], **options) -> None:
    _registry[model] = Commentable(**options)


def is_commentable(obj) -> bool:
    return type(obj) in _registry


def commentable(obj) -> Commentable:
    return _registry[type(obj)]


def target_get(content_type_id: int, object_id) -> models.Model:
    """The registered object behind a URL's (content type, id), or 404."""
    try:
        content_type = ContentType.objects.get_for_id(int(content_type_id))
    except (ContentType.DoesNotExist, ValueError) as error:
        raise Http404 from error
    model = content_type.model_class()
    if model not in _registry:
        raise Http404
    options = _registry[model]
    queryset = options.queryset(model) if options.queryset else model._default_manager.all()
    try:
        return queryset.get(pk=object_id)
    except (model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def accueil_choices(organisation) -> tuple[list, dict]:
    """Everything of the organisation that the accueil may comment on, for a
    form: (grouped choices, {value: object}), each value "<type>-<id>", in
    the order the kinds registered (the plan first)."""
    groups, objects = [], {}
    for options in _registry.values():
        if options.accueil_choices is None:
            continue
        for label, items in options.accueil_choices(organisation):
            values = []
            for obj, text in items:
                value = f"{ContentType.objects.get_for_model(obj).pk}-{obj.pk}"
                objects[value] = obj
                values.append((value, text))
            if values:
                groups.append((label, values))
    return groups, objects


def target_key(obj) -> tuple[int, int]:
    return ContentType.objects.get_for_model(obj).pk, obj.pk


def live_group(content_type_id: int, object_id) -> str:
    """The Channels group of everyone watching one object's comments."""
    return f"comments.{int(content_type_id)}.{int(object_id)}"
