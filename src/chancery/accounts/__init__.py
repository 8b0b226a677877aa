"""Staff accounts: password login (throttled by django-axes), a second factor (TOTP, django-otp),
enrolment of an authenticator app, and the security headers every page carries.

Flow: ``/accounts/login/`` checks username and password; when two-factor authentication is
required (setting ``CHANCERY_REQUIRE_2FA``, environment ``REQUIRE_2FA``, on by default) the person
then gives a code from their authenticator (``/accounts/two-factor/``), or, having none yet,
enrols one (``/accounts/two-factor/setup/``). Until then :class:`RequireTwoFactorMiddleware`
lets them reach only public pages and these account pages.

API tokens (``chancery.api.services``) are a separate, factor-less machine credential.
"""
