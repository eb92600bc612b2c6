import secrets

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user):
        """The email is never shown, so the username must not be made from
        it (allauth's default): a neutral handle the person can replace with
        a display name of their choice."""
        if not user.username:
            user.username = f"membre-{secrets.token_hex(4)}"
