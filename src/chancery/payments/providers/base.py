"""What every payment gateway adapter offers, so that another gateway (a card acquirer for the
missions abroad) can be added without touching cases or the payment services.

An adapter speaks its gateway's protocol and nothing else: it signs and verifies, it turns the
gateway's messages into a `GatewayResult`, and it answers the gateway in the gateway's words.
What a result means for a payment and a case is decided in `chancery.payments.services`.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

Outcome = Literal["paid", "failed", "pending", "unknown"]


class GatewayUnavailable(Exception):
    """The gateway could not be reached, or answered something that is not its protocol."""


@dataclass(frozen=True)
class PaymentOrder:
    """What the adapter needs to send the citizen to the gateway."""

    reference: str
    amount: Decimal
    currency: str
    description: str  # ASCII: gateways refuse diacritics in order information
    return_url: str
    client_ip: str
    created_at: datetime
    expires_at: datetime
    language: str = "vi"


@dataclass(frozen=True)
class GatewayResult:
    """A message from the gateway about one payment, after its signature was checked.

    `verified` is False when the signature or the merchant code is wrong: nothing else in the
    result may then be believed. `amount` is in the currency's units (not the gateway's
    hundredths)."""

    verified: bool
    reference: str = ""
    outcome: Outcome = "unknown"
    amount: Decimal | None = None
    currency: str = ""
    transaction_no: str = ""
    bank_code: str = ""
    response_code: str = ""
    paid_at: datetime | None = None
    problem: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


class Settlement(enum.Enum):
    """What the payment services made of a verified notification, for the adapter's answer."""

    CONFIRMED = "confirmed"
    NOT_FOUND = "not_found"
    ALREADY_CONFIRMED = "already_confirmed"
    WRONG_AMOUNT = "wrong_amount"
    PENDING = "pending"
    ERROR = "error"


class PaymentProvider(ABC):
    name: str
    label: str
    currencies: frozenset[str]

    @abstractmethod
    def is_configured(self) -> bool:
        """Credentials and addresses are set (from the environment)."""

    @abstractmethod
    def build_payment_url(self, order: PaymentOrder) -> str:
        """The signed address of the gateway's payment page for this order."""

    @abstractmethod
    def verify_return(self, params: Mapping[str, str]) -> GatewayResult:
        """Check the parameters the citizen's browser brought back. Only for showing the citizen
        what happened: a return never settles a payment."""

    @abstractmethod
    def handle_ipn(
        self, params: Mapping[str, str], settle: Callable[[GatewayResult], Settlement]
    ) -> tuple[dict[str, Any], int]:
        """Verify the gateway's server-to-server notification, let `settle` act on a verified
        one, and return the body (JSON) and HTTP status to answer the gateway with."""

    @abstractmethod
    def query(self, *, reference: str, description: str, created_at: datetime,
              client_ip: str) -> GatewayResult:
        """Ask the gateway what became of a payment. Raises GatewayUnavailable."""
