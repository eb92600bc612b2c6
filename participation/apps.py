from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self):
        from django_comments_xtd.models import publish_or_unpublish_on_pre_save

        from . import plan_pages
        from .commenting import register
        from .models import Committee

        # django-comments-xtd republishes every reply of a comment whenever
        # the comment is saved, which would publish replies still awaiting
        # moderation when their parent is edited. Moderation here decides
        # per comment (participation/services/moderation.py).
        pre_save.disconnect(publish_or_unpublish_on_pre_save, sender="participation.Comment")
        plan_pages.register_plan_pages()
        # A changed or removed address may have been the confirmed one.
        from allauth.account.models import EmailAddress
        from django.db.models.signals import post_delete, post_save

        for signal in (post_save, post_delete):
            signal.connect(_forget_verified, sender=EmailAddress, dispatch_uid=f"forget-verified-{signal}")
        self._permissions_cache_invalidation()
        # What the plan pages show of comments, likes and comités.
        from django_comments.models import CommentFlag

        from cms.page_cache import invalidate_on

        from .models import Comment, CommitteeMember, CommitteePlanItem, Meeting, ModerationPolicy

        invalidate_on(Comment, CommentFlag, Committee, CommitteeMember, CommitteePlanItem, Meeting, ModerationPolicy)
        # A committee's discussion: members-only when its content is.
        register(
            Committee,
            organisation=lambda committee: committee.organisation,
            can_view=lambda user, committee: user.has_perm("participation.view_committee_content", committee),
            queryset=lambda model: model.objects.select_related("organisation").filter(organisation__live=True),
        )

    @staticmethod
    def _permissions_cache_invalidation():
        """participation/backends.py keeps each person's permissions in the cache."""
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .backends import permissions_changed, user_permissions_changed
        from .models import User

        post_save.connect(user_permissions_changed, sender=User, dispatch_uid="permissions-user")
        for through in (User.groups.through, User.user_permissions.through):
            m2m_changed.connect(_user_links_changed, sender=through, dispatch_uid=f"permissions-{through.__name__}")
        m2m_changed.connect(permissions_changed, sender=Group.permissions.through, dispatch_uid="permissions-group")
        for model in (Group, Permission):
            post_delete.connect(permissions_changed, sender=model, dispatch_uid=f"permissions-{model.__name__}")

    def demo_data_load(self, *, organisation, data: dict) -> list[str]:
        from .demo import demo_data_load

        return demo_data_load(organisation=organisation, data=data)


def _forget_verified(sender, instance, **kwargs):
    from .predicates import is_verified_forget

    from .models import User

    user = User.objects.filter(pk=instance.user_id).only("pk", "date_joined").first()
    if user is not None:
        is_verified_forget(user)


def _user_links_changed(sender, instance, reverse, model, pk_set, **kwargs):
    """user.groups.add(...) has the user as instance; group.user_set.add(...)
    has the group, and the users in pk_set."""
    from .backends import permissions_changed, user_permissions_changed

    if not reverse:
        user_permissions_changed(instance=instance)
    else:
        permissions_changed()
