"""Counter hours for the demo offices, within the opening hours their contact pages show, so the
demo's applications for procedures that need a visit have times to book."""

from __future__ import annotations

from datetime import time

from chancery.appointments.models import CounterSchedule
from chancery.organization.models import Unit

# (name, procedures (empty: all that need a visit), opens, closes, minutes, people per slot)
COUNTERS = [
    ("Passports", ["passport-issuance", "passport-reissue"], time(8, 30), time(12, 0), 30, 3),
    ("Civil status and other procedures", [], time(14, 0), time(16, 30), 30, 2),
]
# Embassy in Riyadh: Sunday–Thursday, 9:00–12:00 and 13:30–16:00 (its contact page).
RIYADH = [
    ("Passports", ["passport-issuance", "passport-reissue"], time(9, 0), time(12, 0), 30, 3),
    ("Civil status and other procedures", [], time(13, 30), time(16, 0), 30, 2),
]


def seed_counter_hours() -> int:
    """One schedule per counter of every demo office (kept if it exists); returns how many made."""
    made = 0
    for unit in Unit.objects.filter(is_active=True):
        weekdays = [d for d in range(7) if d not in (unit.weekend_days or [5, 6])]
        counters = RIYADH if unit.code == "EMB-SA" else COUNTERS
        for name, procedures, opens, closes, minutes, capacity in counters:
            _schedule, created = CounterSchedule.objects.get_or_create(unit=unit, name=name, defaults={
                "procedures": procedures, "weekdays": weekdays, "opens_at": opens, "closes_at": closes,
                "slot_minutes": minutes, "capacity": capacity,
            })
            made += created
    return made
