-- The studio must not own audit_events: a table's owner can disable its triggers, drop them or
-- hand the table away. A NOLOGIN role owns the table (and the trigger function) instead; the role
-- running this migration keeps only SELECT and INSERT. On a real PostgreSQL: migrate as an admin
-- role (`DATABASE_URL=postgres://admin@... npx studio db migrate`), run the studio as a
-- non-superuser login role that is NOT a member of studio_audit_owner, with (as tested in
-- drizzle/migrations.integration.test.ts):
--   GRANT CONNECT, CREATE ON DATABASE studio TO studio_app;   -- start-up's no-op migration check
--   GRANT USAGE ON SCHEMA public TO studio_app; GRANT USAGE, CREATE ON SCHEMA drizzle TO studio_app;
--   GRANT SELECT, INSERT ON drizzle.__drizzle_migrations TO studio_app;
--   GRANT SELECT, INSERT ON audit_events TO studio_app;       -- never UPDATE, DELETE, TRUNCATE
--   plus SELECT, INSERT, UPDATE, DELETE on the other tables and USAGE on their sequences.
-- On PGlite (one superuser) every statement succeeds and changes nothing a superuser could not
-- undo anyway.
-- A role that may not create roles or change owners (an app that migrates itself) skips the
-- change with a warning instead of failing start-up.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'studio_audit_owner') THEN
    BEGIN
      CREATE ROLE studio_audit_owner NOLOGIN;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'cannot create role studio_audit_owner (%); audit_events stays owned by %', SQLERRM, current_user;
      RETURN;
    END;
  END IF;
  BEGIN
    ALTER TABLE audit_events OWNER TO studio_audit_owner;
    ALTER FUNCTION audit_events_append_only() OWNER TO studio_audit_owner;
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'cannot hand audit_events to studio_audit_owner (%); it stays owned by %', SQLERRM, current_user;
    RETURN;
  END;
  -- The owner's implicit rights are gone for the migrating role: give back reading and appending.
  EXECUTE format('GRANT SELECT, INSERT ON audit_events TO %I', current_user);
  EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE audit_events_id_seq TO %I', current_user);
END
$$;
--> statement-breakpoint
REVOKE ALL ON audit_events FROM PUBLIC;
