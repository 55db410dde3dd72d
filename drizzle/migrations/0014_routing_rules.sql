ALTER TABLE "dicom_series" ADD COLUMN "routed_through" timestamp with time zone;--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"current_version_id" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_rule_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"rule_id" text NOT NULL,
	"version" integer NOT NULL,
	"spec" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "routing_rule_versions_rule_version" UNIQUE("rule_id","version")
);
--> statement-breakpoint
CREATE TABLE "routing_matches" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"rule_version_id" text NOT NULL,
	"series_uid" text NOT NULL,
	"study_uid" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"scan_id" text,
	"run_id" text,
	"claimed_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "routing_matches_rule_series" UNIQUE("rule_id","series_uid"),
	CONSTRAINT "routing_matches_state_check" CHECK ("routing_matches"."state" in ('pending', 'running', 'refused', 'succeeded', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "routing_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"match_id" text NOT NULL,
	"run_id" text NOT NULL,
	"destination_key" text NOT NULL,
	"destination" jsonb NOT NULL,
	"artifact_sha256" text NOT NULL,
	"artifact_name" text NOT NULL,
	"media_type" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "routing_deliveries_once" UNIQUE("match_id","destination_key","artifact_sha256"),
	CONSTRAINT "routing_deliveries_state_check" CHECK ("routing_deliveries"."state" in ('queued', 'sending', 'sent', 'failed', 'dead'))
);
--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rule_versions" ADD CONSTRAINT "routing_rule_versions_rule_id_routing_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."routing_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_matches" ADD CONSTRAINT "routing_matches_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_matches" ADD CONSTRAINT "routing_matches_rule_id_routing_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."routing_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_matches" ADD CONSTRAINT "routing_matches_rule_version_id_routing_rule_versions_id_fk" FOREIGN KEY ("rule_version_id") REFERENCES "public"."routing_rule_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_matches" ADD CONSTRAINT "routing_matches_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_matches" ADD CONSTRAINT "routing_matches_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_deliveries" ADD CONSTRAINT "routing_deliveries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_deliveries" ADD CONSTRAINT "routing_deliveries_match_id_routing_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."routing_matches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_deliveries" ADD CONSTRAINT "routing_deliveries_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "routing_matches_state" ON "routing_matches" USING btree ("state");--> statement-breakpoint
CREATE INDEX "routing_matches_ws_created" ON "routing_matches" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "routing_deliveries_due" ON "routing_deliveries" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "routing_deliveries_match" ON "routing_deliveries" USING btree ("match_id");--> statement-breakpoint
-- A rule version is what a match records as applied: immutable, like pipeline versions.
CREATE OR REPLACE FUNCTION routing_rule_versions_insert_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'routing_rule_versions is insert-only: % is not allowed; edit the rule to add a version', TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'rule versions are immutable';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER routing_rule_versions_no_update_delete
  BEFORE UPDATE OR DELETE ON routing_rule_versions
  FOR EACH ROW EXECUTE FUNCTION routing_rule_versions_insert_only();
--> statement-breakpoint
CREATE TRIGGER routing_rule_versions_no_truncate
  BEFORE TRUNCATE ON routing_rule_versions
  FOR EACH STATEMENT EXECUTE FUNCTION routing_rule_versions_insert_only();
