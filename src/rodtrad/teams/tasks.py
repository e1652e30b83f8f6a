"""Background jobs of the teams, run by procrastinate's worker (see cases/tasks.py)."""

from __future__ import annotations

import logging

from procrastinate.contrib.django import app

from rodtrad.teams.actions import do_send_meeting_reminders

logger = logging.getLogger(__name__)


# Every quarter of an hour: a reminder goes out once per start time, so running
# often only makes it timely. The queueing lock keeps two runs from overlapping.
@app.periodic(cron="*/15 * * * *")
@app.task(queueing_lock="teams.remind_meetings", pass_context=False)
def remind_meetings(timestamp: int) -> int:
    sent = do_send_meeting_reminders()
    logger.info("Meeting reminders sent: %d", sent)
    return sent
