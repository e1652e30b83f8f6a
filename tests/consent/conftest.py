"""Consent tests use the access tests' world: Emil's relay log in Melhus, held
by Kari in the kindergarten, with the health station and PPT taking part."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.policy import conftest as policy_world
from tests.policy.conftest import World

world = policy_world.world


def set_age(world: World, years: int) -> None:
    """Make Emil `years` old today (his birthday was yesterday)."""
    today = timezone.localdate()
    born = today.replace(year=today.year - years) - datetime.timedelta(days=1)
    world.child.birth_date = born
    world.child.save(update_fields=["birth_date"])
