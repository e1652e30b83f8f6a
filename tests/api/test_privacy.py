"""Identity numbers stay out of error answers and logs."""

from __future__ import annotations

import logging

import pytest

from rodtrad.people.models import Child
from tests.api.conftest import ApiClient


def test_a_refused_registration_logs_no_identity_number(
    admin_api: ApiClient, child: Child, caplog: pytest.LogCaptureFixture
) -> None:
    number = child.identity_number or ""
    with caplog.at_level(logging.DEBUG):
        response = admin_api.post(
            "/children",
            {
                "municipality": "5028",
                "identity_number": number,
                "given_name": "Kopi",
                "family_name": "Hansen",
            },
        )

    assert response.status_code == 422
    assert number not in response.content.decode()
    assert number not in caplog.text


def test_an_unexpected_field_holding_a_number_is_not_echoed(
    admin_api: ApiClient, child: Child
) -> None:
    number = child.identity_number or ""

    response = admin_api.post("/children", {"municipality": "5028", number: number})

    # The field name is the client's own key; even so, the answer masks it.
    assert number not in response.content.decode()
