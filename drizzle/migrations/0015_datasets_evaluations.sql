CREATE TABLE "acceptance_criteria" (
	"pipeline_id" text PRIMARY KEY NOT NULL,
	"criteria" jsonb NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dataset_cases" (
	"dataset_version_id" text NOT NULL,
	"case_key" text NOT NULL,
	"position" integer NOT NULL,
	"scan_id" text NOT NULL,
	"reference_format" text NOT NULL,
	"reference_files" jsonb NOT NULL,
	"reference_sha256" text NOT NULL,
	CONSTRAINT "dataset_cases_dataset_version_id_case_key_pk" PRIMARY KEY("dataset_version_id","case_key"),
	CONSTRAINT "dataset_cases_reference_format_check" CHECK ("dataset_cases"."reference_format" in ('nifti', 'dicom-seg'))
);
--> statement-breakpoint
CREATE TABLE "dataset_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"dataset_id" text NOT NULL,
	"number" integer NOT NULL,
	"content_hash" text NOT NULL,
	"label_mapping" jsonb NOT NULL,
	"case_count" integer NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dataset_versions_number_unique" UNIQUE("dataset_id","number"),
	CONSTRAINT "dataset_versions_content_unique" UNIQUE("dataset_id","content_hash")
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "datasets_name_unique" UNIQUE("workspace_id","name")
);
--> statement-breakpoint
CREATE TABLE "evaluation_cases" (
	"evaluation_id" text NOT NULL,
	"case_key" text NOT NULL,
	"position" integer NOT NULL,
	"run_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"metrics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" jsonb,
	CONSTRAINT "evaluation_cases_evaluation_id_case_key_pk" PRIMARY KEY("evaluation_id","case_key"),
	CONSTRAINT "evaluation_cases_status_check" CHECK ("evaluation_cases"."status" in ('pending', 'running', 'succeeded', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"pipeline_version_id" text NOT NULL,
	"version_content_hash" text NOT NULL,
	"dataset_version_id" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"tolerance_mm" real DEFAULT 1 NOT NULL,
	"summary" jsonb,
	"error" jsonb,
	"cost_nano" bigint,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "evaluations_status_check" CHECK ("evaluations"."status" in ('queued', 'running', 'succeeded', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "version_gates" (
	"version_id" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"results" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"evaluation_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"override_reason" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "version_gates_state_check" CHECK ("version_gates"."state" in ('evaluating', 'passed', 'refused', 'overridden'))
);
--> statement-breakpoint
ALTER TABLE "acceptance_criteria" ADD CONSTRAINT "acceptance_criteria_pipeline_id_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."pipelines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_cases" ADD CONSTRAINT "dataset_cases_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_cases" ADD CONSTRAINT "dataset_cases_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_cases" ADD CONSTRAINT "evaluation_cases_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_cases" ADD CONSTRAINT "evaluation_cases_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_pipeline_version_id_pipeline_versions_id_fk" FOREIGN KEY ("pipeline_version_id") REFERENCES "public"."pipeline_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_gates" ADD CONSTRAINT "version_gates_version_id_pipeline_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."pipeline_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluations_reuse_idx" ON "evaluations" USING btree ("version_content_hash","dataset_version_id");--> statement-breakpoint
CREATE INDEX "evaluations_version_idx" ON "evaluations" USING btree ("pipeline_version_id");--> statement-breakpoint
-- A dataset version and its cases are immutable, like pipeline versions: evaluations cite them by id and content hash.
CREATE OR REPLACE FUNCTION dataset_versions_insert_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is insert-only: % is not allowed; add a new dataset version instead', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'dataset versions are immutable';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dataset_versions_no_update_delete BEFORE UPDATE OR DELETE ON dataset_versions FOR EACH ROW EXECUTE FUNCTION dataset_versions_insert_only();
--> statement-breakpoint
CREATE TRIGGER dataset_versions_no_truncate BEFORE TRUNCATE ON dataset_versions FOR EACH STATEMENT EXECUTE FUNCTION dataset_versions_insert_only();
--> statement-breakpoint
CREATE TRIGGER dataset_cases_no_update_delete BEFORE UPDATE OR DELETE ON dataset_cases FOR EACH ROW EXECUTE FUNCTION dataset_versions_insert_only();
--> statement-breakpoint
CREATE TRIGGER dataset_cases_no_truncate BEFORE TRUNCATE ON dataset_cases FOR EACH STATEMENT EXECUTE FUNCTION dataset_versions_insert_only();
