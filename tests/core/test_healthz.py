"""GET /healthz/: the liveness probe and the benchmark's trivial view."""

from __future__ import annotations

from django.test import Client
from pytest_django import DjangoAssertNumQueries


def test_it_answers_ok_without_login_or_database(
    client: Client, db: None, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(0):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_it_refuses_post(client: Client, db: None) -> None:
    assert client.post("/healthz/").status_code == 405
