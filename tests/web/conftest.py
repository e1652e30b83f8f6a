"""Clients for the web pages, logged in as the shared actors of tests/conftest.py."""

from __future__ import annotations

import pytest
from django.test import Client

from rodtrad.accounts.models import User
from tests.conftest import logged_in_client


@pytest.fixture
def administrator_client(admin_user: User) -> Client:
    return logged_in_client(admin_user)


@pytest.fixture
def employee_client(employee: User) -> Client:
    return logged_in_client(employee)


@pytest.fixture
def other_admin_client(other_admin: User) -> Client:
    return logged_in_client(other_admin)


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser(username="drift", password="x-drift-passord-123")
