CREATE TABLE "workspace_models" (
	"workspace_id" text NOT NULL,
	"model_sha256" text NOT NULL,
	"name" text NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_models_workspace_id_model_sha256_pk" PRIMARY KEY("workspace_id","model_sha256")
);
--> statement-breakpoint
CREATE TABLE "sign_in_failures" (
	"email" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_failure_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rate_cards" DROP CONSTRAINT "rate_cards_version_unique";--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "workspace_id" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "key_id" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rate_cards" ADD COLUMN "workspace_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "workspace_models" ADD CONSTRAINT "workspace_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_models" ADD CONSTRAINT "workspace_models_model_sha256_models_sha256_fk" FOREIGN KEY ("model_sha256") REFERENCES "public"."models"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_workspace_idx" ON "audit_events" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE INDEX "runs_lease_idx" ON "runs" USING btree ("lease_expires_at");--> statement-breakpoint
ALTER TABLE "rate_cards" ADD CONSTRAINT "rate_cards_workspace_version_unique" UNIQUE("workspace_id","version");--> statement-breakpoint
-- Models were visible to every workspace before; keep what each workspace could see on upgrade.
INSERT INTO "workspace_models" ("workspace_id", "model_sha256", "name", "created_by")
  SELECT w."id", m."sha256", m."name", 'migration' FROM "workspaces" w CROSS JOIN "models" m
  ON CONFLICT DO NOTHING;
