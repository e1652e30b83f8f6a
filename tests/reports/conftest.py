from __future__ import annotations

import pytest

from tests.reports.world import ReportWorld, build_world


@pytest.fixture
def world(db: None) -> ReportWorld:
    return build_world()
