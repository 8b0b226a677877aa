"""The privacy notice's version and the consent an applicant gives to it.

Decree 13/2023/NĐ-CP on personal data protection (17 April 2023, in force 1 July 2023): consent
must be explicit, by an affirmative act such as ticking a box, silence is not consent, and it must
be kept in a form that can be printed or verified (Art. 11); the data subject is told before
processing what is processed, why, by whom and for how long (Art. 13). The notice itself is
portal/templates/portal/privacy_{vi,en}.html; raise PRIVACY_NOTICE_VERSION whenever its substance
changes, so each recorded consent says which text the person agreed to.
"""

from __future__ import annotations

from django.utils import timezone

PRIVACY_NOTICE_VERSION = "2026-12-03"
HOTLINE = "+84 981 84 84 84"  # the ministry's 24/7 citizen-protection hotline


def consent_record() -> dict[str, str]:
    """What the audit record keeps of a consent: when, and to which notice."""
    return {"at": timezone.now().isoformat(), "notice_version": PRIVACY_NOTICE_VERSION}
