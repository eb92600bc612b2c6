import rules

from participation.predicates import is_verified

from .predicates import is_action_staff, is_entry_author_still_writing, is_entry_staff, may_write_journal

# The object is the action.
rules.add_perm("journal.add_entry", is_verified & may_write_journal)
rules.add_perm("journal.manage_pilots", is_action_staff)
# The object is the entry.
rules.add_perm("journal.change_entry", is_entry_staff | (is_verified & is_entry_author_still_writing))
rules.add_perm("journal.delete_entry", is_entry_staff | (is_verified & is_entry_author_still_writing))
