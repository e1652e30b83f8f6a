"""Background jobs of the relay logs, run by procrastinate's worker (PostgreSQL-native).

`rodtrad serve` (and so `make run`) starts the worker beside the web server;
on its own: `rodtrad procrastinate worker`.
"""

from __future__ import annotations

import logging

from procrastinate.contrib.django import app

from rodtrad.cases.actions import do_send_evaluation_reminders

logger = logging.getLogger(__name__)


# Every hour: a reminder goes out once per evaluation date, so running often
# only makes it timely. The queueing lock keeps two runs from overlapping.
@app.periodic(cron="7 * * * *")
@app.task(queueing_lock="cases.remind_evaluations", pass_context=False)
def remind_evaluations(timestamp: int) -> int:
    sent = do_send_evaluation_reminders()
    logger.info("Evaluation reminders sent: %d", sent)
    return sent
