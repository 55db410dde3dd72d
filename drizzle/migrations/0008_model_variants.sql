CREATE TABLE "model_variants" (
	"sha256" text PRIMARY KEY NOT NULL,
	"source_sha256" text NOT NULL,
	"kind" text NOT NULL,
	"calibration_scan_id" text,
	"reference_scan_id" text,
	"report" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_variants_kind_check" CHECK ("model_variants"."kind" in ('fp16', 'int8-static', 'int8-weights'))
);
--> statement-breakpoint
ALTER TABLE "model_variants" ADD CONSTRAINT "model_variants_sha256_models_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."models"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_variants" ADD CONSTRAINT "model_variants_source_sha256_models_sha256_fk" FOREIGN KEY ("source_sha256") REFERENCES "public"."models"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_variants_source_idx" ON "model_variants" USING btree ("source_sha256");