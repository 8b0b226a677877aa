from __future__ import annotations

import pytest
from django.conf import settings

from chancery.organization.models import Role, UnitKind
from chancery.procedures.services import load_catalog
from tests.factories import make_unit, make_user


@pytest.fixture
def catalog(db):
    return load_catalog(settings.CATALOG_DIR)


@pytest.fixture
def org(db):
    """Two embassies and the ministry's consular department, with staff in every role."""

    class Org:
        fr = make_unit("EMB-FR")
        jp = make_unit("EMB-JP", country="JP", tz="Asia/Tokyo")
        cd = make_unit("CD-HN", kind=UnitKind.MINISTRY_DEPARTMENT, country="VN",
                       tz="Asia/Ho_Chi_Minh")
        officer = make_user("officer.fr", fr, Role.OFFICER)
        delegated = make_user("delegated.fr", fr, Role.OFFICER, may_decide=True)
        head = make_user("head.fr", fr, Role.HEAD)
        officer_jp = make_user("officer.jp", jp, Role.OFFICER)
        head_jp = make_user("head.jp", jp, Role.HEAD)
        leader = make_user("leader", cd, Role.LEADERSHIP)
        admin = make_user("admin", cd, Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
        outsider = make_user("outsider")

    Org.fr.head = Org.head
    Org.fr.save()
    return Org


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Every test user's password hashed with MD5, not PBKDF2's million rounds: the `org` fixture
    alone makes nine users, which cost seconds per test. Production settings are untouched."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path / "media")}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from chancery.procedures.selectors import forget_frozen_versions

    # Process-level caches outlive a test's rolled-back rows (SQLite may reuse their ids).
    forget_frozen_versions()
    cache.clear()
    yield
    cache.clear()
    forget_frozen_versions()


@pytest.fixture(autouse=True)
def _two_factor_off_unless_marked(request, settings):
    """Most tests log in with a password only; tests marked `two_factor` run with 2FA required,
    as production does (chancery.accounts)."""
    settings.CHANCERY_REQUIRE_2FA = request.node.get_closest_marker("two_factor") is not None


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Services called directly speak English in tests (messages are matched in English); each
    HTTP request still picks its language itself, Vietnamese by default."""
    from django.utils import translation

    with translation.override("en"):
        yield
