-- The audit log proves itself only if history cannot be rewritten: the database refuses
-- UPDATE, DELETE and TRUNCATE on audit_events for every role (triggers fire for owners and
-- superusers too), and PUBLIC holds no such privilege. A superuser can still disable triggers;
-- the hash chain (`studio audit verify`) detects what such a session changes or removes.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'audit events are immutable; record a new event instead';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;
