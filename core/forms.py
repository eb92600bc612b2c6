"""Form pieces every app uses."""

from django import forms

# The browser's own date and time pickers (with a plain text field where it
# has none), in the ISO format they send back.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
