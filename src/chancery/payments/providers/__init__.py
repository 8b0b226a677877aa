"""The registry of payment gateway adapters: each adapter registers itself by name."""

from __future__ import annotations

from chancery.payments.providers.base import PaymentProvider

_registry: dict[str, PaymentProvider] = {}


def register(provider_class: type[PaymentProvider]) -> type[PaymentProvider]:
    """Class decorator: one adapter per name; registering a second one with a name is an error."""
    provider = provider_class()
    if provider.name in _registry:
        raise ValueError(f"a payment provider named {provider.name!r} is already registered")
    _registry[provider.name] = provider
    return provider_class


def get(name: str) -> PaymentProvider:
    _load()
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"no payment provider named {name!r}") from None


def for_currency(currency: str) -> PaymentProvider | None:
    """The first configured adapter that takes this currency, or None."""
    _load()
    for provider in _registry.values():
        if currency in provider.currencies and provider.is_configured():
            return provider
    return None


def _load() -> None:
    from chancery.payments.providers import vnpay  # noqa: F401  (registers itself)
