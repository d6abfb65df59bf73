CREATE TABLE "chat_deliveries" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"thread_id" text,
	"message_id" text,
	"reply" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "chat_deliveries_channel_idx" ON "chat_deliveries" USING btree ("platform","channel_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_deliveries_one_update_uq" ON "chat_deliveries" USING btree ("platform","channel_id","message_id") WHERE kind = 'update';