"""The chain trigger computes the hashed text itself instead of calling
audit_event_payload(NEW).

Called from PL/pgSQL for every event, the SQL function cost ~0.1 ms of a
0.5–0.6 ms INSERT (BENCHMARKS.md, tenth round); written out in the trigger it
costs next to nothing. `rodtrad audit verify` still recomputes the hash with
audit_event_payload, over every event, where PostgreSQL inlines it: both are
made here from one expression, so they cannot drift apart (a test checks the
chain with events of every shape).
"""

from django.db import migrations

# The hashed text of event `{e}`, as migration 0002 defined it.
PAYLOAD = """concat_ws('|',
        {e}.position, {e}.id, (extract(epoch FROM {e}.occurred_at) * 1000000)::bigint,
        coalesce({e}.actor_id::text, ''), {e}.action, {e}.object_type, {e}.object_id,
        coalesce({e}.child_id::text, ''), coalesce({e}.municipality_id::text, ''),
        {e}.reason, {e}.request_id, {e}.changes::text)"""

PAYLOAD_FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_event_payload(e audit_auditevent) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT {PAYLOAD.format(e="e")}
$$;
"""

CHAIN = """
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
    NEW.hash := encode(sha256(convert_to(NEW.previous_hash || '|' || {payload}, 'UTF8')), 'hex');
    RETURN NEW;
END
$$;
"""

# As migration 0004 left it.
CHAIN_CALLING_THE_FUNCTION = CHAIN.format(payload="audit_event_payload(NEW)")


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_listed_children_index")]

    operations = [
        migrations.RunSQL(
            PAYLOAD_FUNCTION + CHAIN.format(payload=PAYLOAD.format(e="NEW")),
            CHAIN_CALLING_THE_FUNCTION,
        ),
    ]
