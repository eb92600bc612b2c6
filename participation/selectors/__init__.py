from .memberships import memberships_with_people

__all__ = ["memberships_with_people"]
