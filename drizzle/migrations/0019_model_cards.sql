CREATE TABLE "version_cards" (
	"version_id" text PRIMARY KEY NOT NULL,
	"card" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pipelines" ADD COLUMN "card" jsonb;--> statement-breakpoint
ALTER TABLE "workspace_models" ADD COLUMN "card" jsonb;--> statement-breakpoint
ALTER TABLE "version_cards" ADD CONSTRAINT "version_cards_version_id_pipeline_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."pipeline_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A pinned card is part of what a version was published with: immutable, like the version.
CREATE OR REPLACE FUNCTION version_cards_insert_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'version_cards is insert-only: % is not allowed; a version''s card is pinned when it is published', TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'version cards are immutable';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER version_cards_no_update_delete
  BEFORE UPDATE OR DELETE ON version_cards
  FOR EACH ROW EXECUTE FUNCTION version_cards_insert_only();
--> statement-breakpoint
CREATE TRIGGER version_cards_no_truncate
  BEFORE TRUNCATE ON version_cards
  FOR EACH STATEMENT EXECUTE FUNCTION version_cards_insert_only();
