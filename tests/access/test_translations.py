"""Every reason the policy can give is explained in bokmål on "Hvorfor har jeg
tilgang?" (the policy's strings live in the access app's catalogue)."""

from __future__ import annotations

import pytest
from django.utils import translation

from rodtrad.audit.labels import ACTION_LABELS, REASON_LABELS
from rodtrad.policy.cases import REASON_EXPLANATIONS, Reason
from tests.conftest import nb


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_is_explained_in_bokmal(reason: Reason) -> None:
    with translation.override("en"):
        msgid = str(REASON_EXPLANATIONS[reason])

    assert nb(msgid)


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_a_label_in_the_access_log(reason: Reason) -> None:
    assert str(reason) in REASON_LABELS


@pytest.mark.parametrize("code", list(ACTION_LABELS))
def test_every_action_label_is_in_bokmal(code: str) -> None:
    with translation.override("en"):
        msgid = str(ACTION_LABELS[code])

    assert nb(msgid)
