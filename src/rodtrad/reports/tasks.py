"""Background jobs of the reports, run by procrastinate's worker (PostgreSQL-native).

`rodtrad serve` (and so `make run`) starts the worker beside the web server;
on its own: `rodtrad procrastinate worker`.
"""

from __future__ import annotations

import logging

from django.utils import timezone
from procrastinate.contrib.django import app

from rodtrad.reports.actions import send_report_deadline_reminders

logger = logging.getLogger(__name__)


# Every hour: each reminder goes out once (near, and once passed), so running
# often only makes it timely, e.g. soon after midnight in Oslo when a deadline
# has passed. The queueing lock, and an advisory lock inside, keep runs apart.
@app.periodic(cron="17 * * * *")
@app.task(queueing_lock="reports.remind_deadlines", pass_context=False)
def remind_report_deadlines(timestamp: int) -> int:
    sent = send_report_deadline_reminders(timezone.now())
    logger.info("Report deadline reminders sent: %d", sent)
    return sent
