CREATE TABLE "dicom_instances" (
	"workspace_id" text NOT NULL,
	"sop_instance_uid" text NOT NULL,
	"sop_class_uid" text NOT NULL,
	"study_uid" text NOT NULL,
	"series_uid" text NOT NULL,
	"transfer_syntax_uid" text NOT NULL,
	"instance_number" integer,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"source" text NOT NULL,
	"sender" text DEFAULT '' NOT NULL,
	"scan_id" text,
	"run_id" text,
	"attributes" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dicom_instances_source_check" CHECK ("dicom_instances"."source" in ('upload', 'stow', 'dimse', 'output'))
);
--> statement-breakpoint
CREATE TABLE "dicom_series" (
	"workspace_id" text NOT NULL,
	"series_uid" text NOT NULL,
	"study_uid" text NOT NULL,
	"modality" text DEFAULT '' NOT NULL,
	"instances" integer DEFAULT 0 NOT NULL,
	"first_received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dicom_instances" ADD CONSTRAINT "dicom_instances_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dicom_instances" ADD CONSTRAINT "dicom_instances_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dicom_instances" ADD CONSTRAINT "dicom_instances_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dicom_series" ADD CONSTRAINT "dicom_series_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dicom_instances_ws_sop" ON "dicom_instances" USING btree ("workspace_id","sop_instance_uid");--> statement-breakpoint
CREATE INDEX "dicom_instances_ws_study" ON "dicom_instances" USING btree ("workspace_id","study_uid");--> statement-breakpoint
CREATE INDEX "dicom_instances_ws_series" ON "dicom_instances" USING btree ("workspace_id","series_uid");--> statement-breakpoint
CREATE INDEX "dicom_instances_scan" ON "dicom_instances" USING btree ("scan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dicom_series_ws_series" ON "dicom_series" USING btree ("workspace_id","series_uid");--> statement-breakpoint
CREATE INDEX "dicom_series_last" ON "dicom_series" USING btree ("last_received_at");