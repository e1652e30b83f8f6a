"""Reminders when an evaluation date is near or passed: once each, no personal data."""

from __future__ import annotations

import datetime

from django.utils import timezone

from rodtrad.cases import actions, tasks
from rodtrad.cases.models import Case
from rodtrad.notifications.models import Notification
from tests.cases.conftest import Story

TODAY = timezone.localdate()


def test_it_reminds_the_responsible_and_the_holder_once_when_near_and_once_when_passed(
    story: Story, case: Case
) -> None:
    measure = actions.do_add_measure(
        case.pk,
        actor=story.kari,
        goal="Frokost",
        responsible_id=story.colleague.pk,
        responsible_unit_id=story.kindergarten.pk,
        starts_on=TODAY - datetime.timedelta(days=40),
        evaluate_on=TODAY + datetime.timedelta(days=3),
    )
    Notification.objects.all().delete()

    assert actions.do_send_evaluation_reminders(today=TODAY) == 2
    assert actions.do_send_evaluation_reminders(today=TODAY) == 0
    assert (
        actions.do_send_evaluation_reminders(today=measure.evaluate_on + datetime.timedelta(days=1))
        == 2
    )

    titles = set(Notification.objects.values_list("title", flat=True))
    assert all("Emil" not in t and "Hansen" not in t for t in titles)
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "kari",
        "kollega",
    }
    assert set(Notification.objects.values_list("link", flat=True)) == {
        f"/saker/{case.pk}/#measure-{measure.pk}"
    }


def test_it_does_not_remind_for_closed_cases_or_far_dates(story: Story, case: Case) -> None:
    actions.do_add_measure(
        case.pk,
        actor=story.kari,
        goal="Frokost",
        responsible_id=story.kari.pk,
        responsible_unit_id=story.kindergarten.pk,
        starts_on=TODAY,
        evaluate_on=TODAY + datetime.timedelta(days=30),
    )
    assert actions.do_send_evaluation_reminders(today=TODAY) == 0
    actions.do_close_case(
        case.pk, actor=story.kari, reason="x", guardians_informed=True, version=None
    )
    assert actions.do_send_evaluation_reminders(today=TODAY + datetime.timedelta(days=40)) == 0


def test_the_reminder_is_a_periodic_procrastinate_task(story: Story) -> None:
    from procrastinate.contrib.django import app

    periodic = [p.task.name for p in app.periodic_registry.periodic_tasks.values()]
    assert "rodtrad.cases.tasks.remind_evaluations" in periodic
    assert tasks.remind_evaluations(0) == 0
