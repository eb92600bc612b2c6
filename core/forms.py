"""Form pieces every app uses."""

from django import forms

# The browser's own date and time pickers (with a plain text field where it
# has none), in the ISO format they send back.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def never_shown_back(field: forms.ModelChoiceField) -> None:
    """A value posted from outside the field's choices is refused by the
    field (its queryset) and not rendered back either: a chooser widget (a
    page, image or snippet chooser) would print the chosen object's title in
    the form it shows with the error, whoever may see that object."""
    prepare = field.prepare_value

    def prepare_value(value):
        value = prepare(value)
        if value in (None, ""):
            return value
        try:
            return value if field.queryset.filter(pk=value).exists() else None
        except (TypeError, ValueError):
            return None

    field.prepare_value = prepare_value
