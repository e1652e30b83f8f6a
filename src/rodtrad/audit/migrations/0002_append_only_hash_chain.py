"""Triggers that make the audit log append-only and chain it with SHA-256."""

from django.db import migrations

# The text that is hashed; `rodtrad audit verify` recomputes it with the same function.
PAYLOAD_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_payload(e audit_auditevent) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws('|',
        e.position, e.id, (extract(epoch FROM e.occurred_at) * 1000000)::bigint,
        coalesce(e.actor_id::text, ''), e.action, e.object_type, e.object_id,
        coalesce(e.child_id::text, ''), coalesce(e.municipality_id::text, ''),
        e.reason, e.request_id, e.changes::text)
$$;
"""

CHAIN_TRIGGER = """
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
CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_chain();
"""

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The test suite empties tables between browser tests; nothing else may.
    IF TG_OP = 'TRUNCATE' AND current_setting('rodtrad.allow_audit_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
"""

REVERSE = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_event_no_change ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_event_chain ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_refuse_change();
DROP FUNCTION IF EXISTS audit_event_chain();
DROP FUNCTION IF EXISTS audit_event_payload(audit_auditevent);
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunSQL(PAYLOAD_FUNCTION + CHAIN_TRIGGER + APPEND_ONLY, REVERSE),
    ]
