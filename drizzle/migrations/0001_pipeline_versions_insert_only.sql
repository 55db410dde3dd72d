-- A published pipeline version is immutable: runs pin it, and its content hash must keep
-- describing what ran. Enforced here, in the database, so no code path (or psql session) can
-- rewrite history. Publishing a change means inserting a new version.
CREATE OR REPLACE FUNCTION pipeline_versions_insert_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'pipeline_versions is insert-only: % is not allowed; publish a new version instead', TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'pipeline versions are immutable';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER pipeline_versions_no_update_delete
  BEFORE UPDATE OR DELETE ON pipeline_versions
  FOR EACH ROW EXECUTE FUNCTION pipeline_versions_insert_only();
--> statement-breakpoint
CREATE TRIGGER pipeline_versions_no_truncate
  BEFORE TRUNCATE ON pipeline_versions
  FOR EACH STATEMENT EXECUTE FUNCTION pipeline_versions_insert_only();
