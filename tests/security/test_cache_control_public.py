"""The applicant's status pages and files, exports and the staff API are never cacheable
(security test, finding 13); public pages for an anonymous visitor stay cacheable."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chancery.cases.models import NoticeKind
from chancery.cases.notices import issue_notice
from tests.factories import submit_case
from tests.security.test_cache_control import private


@pytest.mark.django_db
def test_the_applicant_s_pages_and_files_answer_no_store_and_public_pages_stay_cacheable(catalog, org):
    case, key = submit_case(org.fr)
    notice = issue_notice(case, NoticeKind.RECEIPT)
    visitor = Client()
    public = [reverse("portal:home"), reverse("portal:procedures"),
              reverse("portal:procedure", args=["passport-issuance"]), reverse("portal:dashboard")]
    for url in public:
        response = visitor.get(url)
        assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", ""), url

    lookup = visitor.post(reverse("portal:status_lookup"), {"code": case.tracking_code, "key": key})
    assert lookup.status_code == 302 and private(lookup)
    for url in (reverse("portal:status", args=[case.tracking_code]),
                reverse("portal:notice_pdf", args=[case.tracking_code, notice.pk])):
        response = visitor.get(url)
        assert response.status_code == 200 and private(response), (url, response.get("Cache-Control"))

    # The public dashboard's exports too, and the staff API.
    response = Client().get(reverse("portal:dashboard") + "?format=csv&table=summary")
    assert response.status_code == 200 and private(response)
    from chancery.api.services import create_token

    token = create_token(org.officer.username)
    response = Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and private(response)
