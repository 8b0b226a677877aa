"""Fixtures for the operations tests: PostgreSQL-only guards and a local S3 server (moto)."""

from __future__ import annotations

import socket

import pytest
from django.db import connection


def require_postgresql(what: str) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(f"{what} needs PostgreSQL (this run uses {connection.vendor}; "
                    "./scripts/test runs the suite on PostgreSQL)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server on 127.0.0.1, in this process, for the whole session."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()
