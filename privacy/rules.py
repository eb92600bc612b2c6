import rules

from .selectors import accueil_organisations


@rules.predicate
def is_signed_in(user) -> bool:
    return user.is_authenticated


@rules.predicate
def may_erase_at_accueil(user, person) -> bool:
    return user.is_authenticated and bool(accueil_organisations(user, person))


# Anyone signed in may leave, confirmed or not.
rules.add_perm("privacy.erase_own_account", is_signed_in)
# The object is the person: staff of an organisation that knows them, for a
# person who asks at the accueil (never another staff member's account).
rules.add_perm("privacy.erase_account", may_erase_at_accueil)
# Télécharger mes données: anyone signed in, for themselves.
rules.add_perm("privacy.export_own_data", is_signed_in)
