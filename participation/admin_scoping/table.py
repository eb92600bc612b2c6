"""How each view of the Wagtail admin is scoped, by URL name (or route when
it has no name). The guard (guard.py) applies it to everyone signed in but
superusers, and refuses a view missing here; tests/test_admin_scoping.py
walks the URL resolver so that a view added without a line here fails.

Decisions worth knowing:
- Images, documents, collections, embeds: superusers only. No plan page
  takes an image or a document but the organisation's logo; Wagtail's
  uploads do not go through the one upload checker (core/uploads.py) and
  documents are served to anyone at /documents/. When organisations get
  their own media, a collection each, given to their group
  (GroupCollectionPermission), lets Wagtail's collection policy scope them,
  and these lines become ORGANISATION ones.
- Users, groups, sites, workflows, redirects, form submissions, reports
  across the whole site (site history, page types usage, workflows) and the
  snippets' overview (counts of every organisation's objects): superusers.
  Staff manage people through the organisation's role requests and its
  member register on the site, never through Wagtail's users and groups.
- Pages: the organisation group holds Wagtail's page permissions on the
  organisation's page (cms/services/groups.py), so Wagtail's explorer,
  search, reports and page views list that subtree; every page, revision,
  workflow or task state named in a URL is checked here too.
"""

from wagtail.models import TaskState, WorkflowState

from .guard import (
    OPEN,
    ORGANISATION,
    OWN,
    PAGES,
    SUPERUSER,
    VIEW,
    Decision,
    model_object,
    objects,
    page,
    page_ids_in_query,
    page_of,
    posted_pages,
    revisions,
)

_SUPERUSER = Decision(SUPERUSER, "managed by the platform's superusers")
_MEDIA = Decision(SUPERUSER, "images and documents are the superusers' (see above)")
_SITE_WIDE = Decision(SUPERUSER, "every organisation's data")
_OPEN = Decision(OPEN, "no stored data")
_PUBLIC = Decision(OPEN, "Wagtail's sign-in and assets, public")
_OWN = Decision(OWN, "the person's own")
_PAGE_LISTS = Decision(PAGES, "lists of the pages Wagtail's page permissions give (the organisation groups)")
_CHOOSER = Decision(PAGES, "the page chooser hook keeps the person's organisations and the way to them")


def _pages(*names, ancestors=False, extra=()):
    return Decision(PAGES, f"pages {', '.join(names)} in the person's organisations",
                    (page(*names, ancestors=ancestors), *extra))


def _media(namespace, *names):
    return {f"{namespace}:{name}": _MEDIA for name in names}


def snippet_views(app_label: str, model_name: str) -> dict[str, Decision]:
    """A snippet scoped by ScopedSnippetViewSet and its policy."""
    model = f"{app_label}.{model_name}"
    listing = Decision(ORGANISATION, "the list, its search, filters and exports: the model's organisation policy")
    one = Decision(ORGANISATION, "the object in the URL is of the person's organisations", (objects(model),))
    chosen = Decision(ORGANISATION, "the objects named are of the person's organisations", (objects(model, "id"),))
    views = {"list": listing, "list_results": listing, "add": Decision(
        ORGANISATION, "the form offers and accepts only the person's organisations (or their pages)")}
    views |= dict.fromkeys(("edit", "delete", "usage", "history", "history_results"), one)
    choosers = {"choose": listing, "choose_results": listing, "chosen": one, "chosen_multiple": chosen,
                "create": Decision(SUPERUSER, "no creation form in the chooser")}
    return ({f"wagtailsnippets_{app_label}_{model_name}:{name}": decision for name, decision in views.items()}
            | {f"wagtailsnippetchoosers_{app_label}_{model_name}:{name}": decision
               for name, decision in choosers.items()})


ADMIN_VIEWS: dict[str, Decision] = {
    # Wagtail's sign-in, assets and the 404 page.
    "wagtailadmin_login": _PUBLIC,
    # The one sign-in door (config/views.py): Wagtail's login and password
    # reset send people to the site's allauth forms, reading nothing posted.
    "admin/login/": Decision(OPEN, "a redirect to the site's sign-in form"),
    "^admin/password_reset/": Decision(OPEN, "a redirect to the site's password reset"),
    "wagtailadmin_password_reset": _PUBLIC,
    "wagtailadmin_password_reset_done": _PUBLIC,
    "wagtailadmin_password_reset_confirm": _PUBLIC,
    "wagtailadmin_password_reset_complete": _PUBLIC,
    "wagtailadmin_sprite": _PUBLIC,
    "wagtailadmin_javascript_catalog": _PUBLIC,
    "admin/test404/": _OPEN,
    "admin/^.*/$": _OPEN,
    "^admin/snippets/participation/(?P<model>committee|meeting)/(?P<rest>.*)$": Decision(
        OPEN, "a redirect to the comités' new admin addresses"),
    "wagtailadmin_error_test": Decision(SUPERUSER, "raises an error on purpose"),
    # The person's own.
    "wagtailadmin_home": Decision(PAGES, "the dashboard: the person's own work and Wagtail's page permissions"),
    "wagtailadmin_account": _OWN,
    "wagtailadmin_logout": _OWN,
    "wagtailadmin_dismissibles": _OWN,
    "wagtailadmin_editing_sessions:ping": Decision(ORGANISATION, "a page or object of the person's organisations",
                                                   (model_object,)),
    "wagtailadmin_editing_sessions:release": Decision(OWN, "the person's own editing session"),
    "wagtailadmin_block_preview": _OPEN,
    # Pages.
    "wagtailadmin_explore_root": _PAGE_LISTS,
    "wagtailadmin_explore": _pages("parent_page_id", ancestors=True),
    "wagtailadmin_explore_results": _pages("parent_page_id", ancestors=True),
    "wagtailadmin_pages:add": _pages("parent_page_id"),
    "wagtailadmin_pages:preview_on_add": _pages("parent_page_id"),
    "wagtailadmin_pages:add_subpage": _pages("parent_page_id"),
    "wagtailadmin_pages:choose_parent": _PAGE_LISTS,
    "wagtailadmin_pages:type_use": _PAGE_LISTS,
    "wagtailadmin_pages:type_use_results": _PAGE_LISTS,
    "wagtailadmin_pages:search": _PAGE_LISTS,
    "wagtailadmin_pages:search_results": _PAGE_LISTS,
    "wagtailadmin_pages:usage": _pages("page_id"),
    "wagtailadmin_pages:edit": _pages("page_id"),
    "wagtailadmin_pages:preview_on_edit": _pages("page_id"),
    "wagtailadmin_pages:view_draft": _pages("page_id"),
    "wagtailadmin_pages:delete": _pages("page_id"),
    "wagtailadmin_pages:unpublish": _pages("page_id"),
    "wagtailadmin_pages:convert_alias": _pages("page_id"),
    "wagtailadmin_pages:move": _pages("page_to_move_id"),
    "wagtailadmin_pages:move_confirm": _pages("page_to_move_id", "destination_id"),
    "wagtailadmin_pages:set_page_position": _pages("page_to_move_id"),
    "wagtailadmin_pages:copy": _pages("page_id", extra=(posted_pages("new_parent_page"),)),
    "wagtailadmin_pages:set_privacy": _pages("page_id"),
    "wagtailadmin_pages:lock": _pages("page_id"),
    "wagtailadmin_pages:unlock": _pages("page_id"),
    "wagtailadmin_pages:history": _pages("page_id"),
    "wagtailadmin_pages:history_results": _pages("page_id"),
    "wagtailadmin_pages:revisions_index": _pages("page_id"),
    "wagtailadmin_pages:revisions_view": _pages("page_id", extra=(revisions("revision_id"),)),
    "wagtailadmin_pages:revisions_revert": _pages("page_id", extra=(revisions("revision_id"),)),
    "wagtailadmin_pages:revisions_unschedule": _pages("page_id", extra=(revisions("revision_id"),)),
    "wagtailadmin_pages:revisions_compare": _pages("pk", extra=(revisions("revision_id_a", "revision_id_b"),)),
    "wagtailadmin_pages:workflow_action": _pages("page_id", extra=(page_of("task_state_id", TaskState),)),
    "wagtailadmin_pages:collect_workflow_action_data": _pages("page_id", extra=(page_of("task_state_id", TaskState),)),
    "wagtailadmin_pages:confirm_workflow_cancellation": _pages("page_id"),
    "wagtailadmin_pages:workflow_preview": _pages("page_id"),
    "wagtailadmin_pages:workflow_history": _pages("page_id"),
    "wagtailadmin_pages:workflow_history_detail": _pages("page_id",
                                                         extra=(page_of("workflow_state_id", WorkflowState),)),
    "wagtailadmin_choose_page": _CHOOSER,
    "wagtailadmin_choose_page_child": _pages("parent_page_id", ancestors=True),
    "wagtailadmin_choose_page_search": _CHOOSER,
    "wagtailadmin_choose_page_chosen_multiple": Decision(PAGES, "the pages named are the person's",
                                                         (page_ids_in_query(),)),
    "wagtailadmin_choose_page_external_link": _OPEN,
    "wagtailadmin_choose_page_email_link": _OPEN,
    "wagtailadmin_choose_page_phone_link": _OPEN,
    "wagtailadmin_choose_page_anchor_link": _OPEN,
    "wagtailadmin_api:pages:listing": _PAGE_LISTS,
    "wagtailadmin_api:pages:find": _PAGE_LISTS,
    "wagtailadmin_api:pages:detail": _pages("pk", ancestors=True),
    "wagtailadmin_api:pages:action": _pages("pk"),
    "wagtail_bulk_action": Decision(ORGANISATION, "pages or objects (id, childOf, the destination of a move) of the "
                                    "person's organisations; other models for superusers",
                                    (model_object, posted_pages("chooser"))),
    "wagtailadmin_reports:locked_pages": _PAGE_LISTS,
    "wagtailadmin_reports:locked_pages_results": _PAGE_LISTS,
    "wagtailadmin_reports:aging_pages": _PAGE_LISTS,
    "wagtailadmin_reports:aging_pages_results": _PAGE_LISTS,
    "wagtailadmin_reports:site_history": Decision(SUPERUSER, "logs every model by model permission, not by "
                                                  "organisation; each page and snippet has its own history"),
    "wagtailadmin_reports:site_history_results": _SITE_WIDE,
    "wagtailadmin_reports:page_types_usage": Decision(SUPERUSER, "counts and last edits of every organisation"),
    "wagtailadmin_reports:page_types_usage_results": _SITE_WIDE,
    "wagtailadmin_reports:workflow": Decision(SUPERUSER, "workflows are the superusers' (its filters name every "
                                              "requester)"),
    "wagtailadmin_reports:workflow_results": _SITE_WIDE,
    "wagtailadmin_reports:workflow_tasks": _SITE_WIDE,
    "wagtailadmin_reports:workflow_tasks_results": _SITE_WIDE,
    # Our own admin views.
    "cms_plan_import": Decision(VIEW, "administrators import into their own organisations (cms.import_plan)"),
    "participation_moderation": Decision(VIEW, "moderators see and act on their organisations' comments"),
    # Snippets: the overview counts every organisation's objects.
    "wagtailsnippets:index": _SITE_WIDE,
    **snippet_views("cms", "indicator"),
    # The publics and domains vocabulary is shared by every organisation:
    # renaming a tag, or its "volet familles" flag, changes the others' plans
    # and bilans. Staff tick tags in the page editor (checkboxes, no chooser).
    **{f"wagtailsnippets_cms_actiontag:{name}": Decision(SUPERUSER, "a vocabulary every organisation shares")
       for name in ("list", "list_results", "add", "edit", "copy", "delete", "usage", "history",
                    "history_results")},
    **{f"wagtailsnippetchoosers_cms_actiontag:{name}": Decision(SUPERUSER, "the page editor ticks tags, no chooser")
       for name in ("choose", "choose_results", "chosen", "chosen_multiple", "create")},
    **snippet_views("committees", "committee"),
    **snippet_views("committees", "meeting"),
    # Superusers only.
    "wagtailadmin_tag_autocomplete": _SITE_WIDE,
    "wagtailadmin_tag_model_autocomplete": _SITE_WIDE,
    **{f"wagtailadmin_collections:{name}": _MEDIA for name in ("index", "add", "edit", "delete", "set_privacy")},
    **{f"wagtailadmin_workflows:{name}": _SUPERUSER for name in (
        "index", "index_results", "add", "enable", "disable", "edit", "usage", "usage_results", "remove",
        "add_task", "select_task_type", "task_index", "task_index_results", "edit_task", "disable_task",
        "enable_task", "task_chooser", "task_chooser_results", "task_chooser_create", "task_chosen")},
    **{f"wagtailforms:{name}": Decision(SUPERUSER, "no page type takes form submissions")
       for name in ("index", "index_results", "list_submissions", "list_submissions_results", "delete_submissions")},
    **{f"wagtailredirects:{name}": _SUPERUSER for name in (
        "index", "index_results", "add", "edit", "delete", "start_import", "process_import")},
    **{f"wagtailembeds:{name}": Decision(SUPERUSER, "no rich text field takes embeds (a server-side fetch)")
       for name in ("chooser", "chooser_upload")},
    # The site's legal pages (privacy.LegalTexts): the platform's, not an organisation's.
    "wagtailsettings:edit": _SUPERUSER,
    "wagtailsettings:preview_on_edit": _SUPERUSER,
    **{f"wagtailsites:{name}": _SUPERUSER for name in (
        "index", "index_results", "add", "edit", "delete", "history", "history_results", "usage", "copy")},
    **{f"wagtailusers_users:{name}": _SUPERUSER for name in (
        "index", "index_results", "add", "edit", "delete", "history", "history_results", "usage", "copy")},
    **{f"wagtailusers_groups:{name}": _SUPERUSER for name in (
        "index", "index_results", "add", "edit", "delete", "history", "history_results", "usage")},
    **_media("wagtailadmin_api:images", "listing", "detail", "find"),
    **_media("wagtailadmin_api:documents", "listing", "detail", "find"),
    **_media("wagtaildocs", "index", "index_results", "add", "edit", "delete", "add_multiple", "edit_multiple",
             "create_multiple_from_uploaded_document", "delete_multiple", "delete_upload_multiple", "document_usage"),
    **_media("wagtailimages", "index", "index_results", "edit", "delete", "url_generator", "url_generator_output",
             "preview", "add", "image_usage", "add_multiple", "edit_multiple", "create_multiple_from_uploaded_image",
             "delete_multiple", "delete_upload_multiple"),
    **_media("wagtaildocs_chooser", "choose", "choose_results", "chosen", "chosen_multiple", "create"),
    **_media("wagtailimages_chooser", "choose", "choose_results", "chosen", "chosen_multiple", "create",
             "select_format"),
}
