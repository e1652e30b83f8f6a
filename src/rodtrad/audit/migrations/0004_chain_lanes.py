"""The audit log in CHAIN_LANES hash chains instead of one.

With one chain, every event waited for the one lock, held until the commit
before it was on disk: all writers of the whole service queued for one disk
flush at a time. Each connection now writes to the lane of its server process
(pid modulo the lanes), so connections in different lanes do not wait for each
other. Existing events stay where they are: lane 0, whose chain goes on.
"""

from django.db import migrations, models

# Kept in step with rodtrad.audit.models.CHAIN_LANES (a test checks).
LANED_CHAIN = """
CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    last audit_auditevent%ROWTYPE;
BEGIN
    NEW.lane := pg_backend_pid() % 64;
    -- One writer at a time appends to a lane (held until commit).
    PERFORM pg_advisory_xact_lock(hashtext('rodtrad.audit_chain'), NEW.lane);
    SELECT * INTO last FROM audit_auditevent WHERE lane = NEW.lane
        ORDER BY position DESC LIMIT 1;
    NEW.position := coalesce(last.position, 0) + 1;
    NEW.previous_hash := coalesce(last.hash, '');
    NEW.hash := encode(sha256(convert_to(NEW.previous_hash || '|' || audit_event_payload(NEW), 'UTF8')), 'hex');
    RETURN NEW;
END
$$;
"""

# As migration 0002 made it.
SINGLE_CHAIN = """
CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    last audit_auditevent%ROWTYPE;
BEGIN
    -- One writer at a time appends to the chain (held until commit).
    PERFORM pg_advisory_xact_lock(hashtext('rodtrad.audit_chain'));
    SELECT * INTO last FROM audit_auditevent ORDER BY position DESC LIMIT 1;
    NEW.position := coalesce(last.position, 0) + 1;
    NEW.previous_hash := coalesce(last.hash, '');
    NEW.hash := encode(sha256(convert_to(NEW.previous_hash || '|' || audit_event_payload(NEW), 'UTF8')), 'hex');
    RETURN NEW;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_child_index_in_audit_child_time")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="lane",
            field=models.SmallIntegerField(default=0, editable=False),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("lane", "position"), name="audit_lane_position"
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="position",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.RunSQL(LANED_CHAIN, SINGLE_CHAIN),
    ]
