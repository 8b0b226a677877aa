"""Directives and task tracking: from a leader's words to tasks done on time.

* ``extraction``: proposes issuer, date, addressees and items from a directive's text (pure).
* ``rules``: the status of a task derived from its dates; reporting periods; the published rates.
* ``models``: Directive, Task (one lead unit, coordinating units), TaskEntry (history),
  TaskAttachment, Reminder (one row per urging message, unique per task, kind and due date).
* ``services``: every write, permission-checked, versioned, audited; ``selectors``: scoped reads
  and the dashboard figures; ``exports``: CSV/XLSX; ``urging``: reminders and escalation
  (``chancery urge_tasks``); ``demo``: the seed articles as demo directives.
"""
