CREATE TABLE "deid_map" (
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"replacement" text NOT NULL,
	"original" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deid_map_workspace_id_kind_replacement_pk" PRIMARY KEY("workspace_id","kind","replacement")
);
--> statement-breakpoint
CREATE TABLE "deid_settings" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"retain_dates" boolean DEFAULT true NOT NULL,
	"retain_patient_characteristics" boolean DEFAULT false NOT NULL,
	"clean_descriptors" boolean DEFAULT false NOT NULL,
	"burned_in" text DEFAULT 'refuse' NOT NULL,
	"safe_private" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reidentify" boolean DEFAULT false NOT NULL,
	"secret" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deid_map" ADD CONSTRAINT "deid_map_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deid_settings" ADD CONSTRAINT "deid_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;