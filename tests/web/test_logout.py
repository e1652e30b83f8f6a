from __future__ import annotations

from django.test import Client


def test_it_refuses_get(employee_client: Client) -> None:
    response = employee_client.get("/logg-ut/")
    assert response.status_code == 405
    assert employee_client.get("/").status_code == 200


def test_it_logs_out_on_post(employee_client: Client) -> None:
    response = employee_client.post("/logg-ut/")
    assert response.status_code == 302
    assert response["Location"] == "/logg-inn/"
    assert employee_client.get("/").status_code == 302


def test_it_needs_the_csrf_token(employee_client: Client) -> None:
    employee_client.handler.enforce_csrf_checks = True
    response = employee_client.post("/logg-ut/")
    assert response.status_code == 403
    assert employee_client.get("/").status_code == 200
