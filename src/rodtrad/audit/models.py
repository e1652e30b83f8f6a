"""The audit log: who did what to whose data, when and why.

Append-only (triggers refuse UPDATE, DELETE and TRUNCATE) and
tamper-evident: a trigger chains each event to the previous one of its lane
with SHA-256, so a changed or removed row breaks the chain that
`rodtrad audit verify` checks.

The log is CHAIN_LANES chains side by side, each database connection writing to
one (its server process's id modulo CHAIN_LANES). A chain takes one writer at a
time, who holds its lock until the commit is on disk: one chain for the whole
log made every page of every employee wait in one queue for the disk, and
fewer events were written per second the more wrote at once (BENCHMARKS.md).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

# How many hash chains the log is written in (the trigger in migration 0004).
CHAIN_LANES = 64

# The key, in an event's changes, of the children a list showed (a search's
# results, Mine saker, a page of a register or of the API): each child's access
# log finds the event by it (index audit_listed_children).
LISTED_CHILDREN = "children"


class AuditEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(_("time"), db_default=Now())
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
        db_constraint=False,
    )
    # A dotted event code: "child.read", "child.created", "consent.withdrawn" ...
    action = models.CharField(_("what"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    # Plain ids, no foreign keys: the log outlives the rows it tells about. A child's
    # events are found by audit_child_time (child_id first); every event written
    # would keep a second index on child_id alone for nothing.
    child_id = models.BigIntegerField(_("child"), null=True, blank=True)
    municipality_id = models.BigIntegerField(_("municipality"), null=True, blank=True)
    reason = models.CharField(_("reason for access"), max_length=64, blank=True)
    request_id = models.CharField(_("request"), max_length=64, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # Set by the database trigger, under the lane's lock: which chain, and the
    # event's place in it.
    lane = models.SmallIntegerField(default=0, editable=False)
    position = models.BigIntegerField(null=True, editable=False)
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["child_id", "occurred_at"], name="audit_child_time"),
            # Only list events carry the key; jsonb_path_ops answers "contains".
            GinIndex(
                OpClass(KeyTransform(LISTED_CHILDREN, "changes"), name="jsonb_path_ops"),
                name="audit_listed_children",
                condition=Q(changes__has_key=LISTED_CHILDREN),
            ),
        ]
        constraints = [
            # Also how the trigger finds the last event of a lane.
            models.UniqueConstraint(fields=["lane", "position"], name="audit_lane_position"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"
