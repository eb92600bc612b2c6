import secrets

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

from core.emails import render_subject


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Said plainly, with the way out: failures are limited per account
        # and per address (settings: ACCOUNT_RATE_LIMITS); a reset clears them.
        "too_many_login_attempts": _(
            "Too many failed attempts to sign in with this address. For its safety, wait a few minutes before "
            "trying again, or choose a new password with “Forgotten your password?”: signing in then works "
            "again at once."
        ),
    }

    def populate_username(self, request, user):
        """The email is never shown, so the username must not be made from
        it (allauth's default): a neutral handle the person can replace with
        a display name of their choice."""
        if not user.username:
            user.username = f"membre-{secrets.token_hex(4)}"

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's e-mails, with their subject rendered as every subject of
        the site is (core.emails.render_subject: plain text, one line)."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        message.subject = self.format_email_subject(render_subject(f"{template_prefix}_subject.txt", context))
        return message


def user_display(user) -> str:
    """How allauth names a person in its messages and emails (which only
    that person sees): their display name, else their own email address,
    never the technical username."""
    return user.display_name or user.email or user.get_username()
