"""`signed_in_user`: the typed user of a staff-only operation, never an anonymous one."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import RequestFactory

from chancery.core.people import signed_in_user


@pytest.mark.django_db
def test_a_signed_in_user_is_returned():
    request = RequestFactory().get("/")
    request.user = User.objects.create_user("officer")
    assert signed_in_user(request) == request.user


def test_an_anonymous_user_is_a_wiring_mistake_not_a_visitor():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionError):
        signed_in_user(request)
