CREATE TABLE "budget_alerts" (
	"workspace_id" text NOT NULL,
	"user_id" text DEFAULT '' NOT NULL,
	"month" text NOT NULL,
	"threshold" integer NOT NULL,
	"spent_nano" bigint NOT NULL,
	"limit_nano" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_alerts_once" UNIQUE("workspace_id","user_id","month","threshold")
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"workspace_id" text NOT NULL,
	"user_id" text DEFAULT '' NOT NULL,
	"monthly_limit_nano" bigint NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_scope_unique" UNIQUE("workspace_id","user_id"),
	CONSTRAINT "budgets_limit_check" CHECK ("budgets"."monthly_limit_nano" >= 0)
);
--> statement-breakpoint
CREATE TABLE "cost_ledger" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cost_ledger_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"idempotency_key" text NOT NULL,
	"workspace_id" text NOT NULL,
	"user_id" text NOT NULL,
	"run_id" text,
	"node_id" text,
	"kind" text NOT NULL,
	"amount_nano" bigint NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cost_ledger_kind_check" CHECK ("cost_ledger"."kind" in ('reservation', 'release', 'charge'))
);
--> statement-breakpoint
CREATE TABLE "rate_cards" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"rates" jsonb NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"effective_from" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_cards_version_unique" UNIQUE("version")
);
--> statement-breakpoint
ALTER TABLE "run_nodes" ADD COLUMN "cpu_ms" real;--> statement-breakpoint
ALTER TABLE "run_nodes" ADD COLUMN "peak_rss_bytes" bigint;--> statement-breakpoint
ALTER TABLE "run_nodes" ADD COLUMN "cost_nano" bigint;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "estimate" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "rate_card_id" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "actual_cost_nano" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "cost_ledger_idempotency_unique" ON "cost_ledger" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "cost_ledger_scope_at_idx" ON "cost_ledger" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE INDEX "cost_ledger_run_idx" ON "cost_ledger" USING btree ("run_id");