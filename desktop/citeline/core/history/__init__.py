"""A project's history: who changed what, when, kept in the project file itself.

Every applied edit adds one entry (when, author, the action's name, and per item and
field the value before and after) in the same transaction as the edit. Each entry is
hashed over a canonical JSON of its content and the previous entry's hash, so an entry
rewritten behind Citeline's back breaks the chain (:func:`chain.verify`).

- :mod:`.chain` — the canonical form, hashes and the chain check (no engine specifics);
- :mod:`.forms` — an item as history sees it (its fields, by name), and what changed;
- :mod:`.record` — what the Store writes for an edit: changes, or a summary of a large one;
- :mod:`.read` — entries for the command line and the app, filtered and paged;
- :mod:`.words` — a change in words a person reads;
- :mod:`.restore` — "Use this value": an earlier value applied as a new edit.

What another storage engine implements to keep the same history (the Store's contract):
``apply(edit, expect={(kind, id): version}, note=Note(kind, undoes, action))`` records
one entry per applied edit in the edit's transaction, with the author in
``store.author``; it raises each touched event, quote, source and person one version
(once per edit, a link-table change counting for its item) and never takes a version
from an edit's row images, so an undo made from older images still applies; ``expect``
refuses the edit as a conflict naming who changed the item last. Entries are chained by
:func:`chain.Entry.digest` over canonical JSON, so any engine computes the same hashes.
"""
