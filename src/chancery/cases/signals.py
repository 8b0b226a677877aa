"""What other apps may hear from cases, without cases importing them.

`case_transitioned` is sent by `services.apply_transition` after the case, its event and its clock
are written, inside the same transaction: a receiver's writes commit or roll back with the
transition (the dashboard's counters rely on it, see docs/adr/0002), and a receiver that raises
undoes the transition. Arguments: case, action, from_status, to_status, at.
"""

from django.dispatch import Signal

case_transitioned = Signal()
