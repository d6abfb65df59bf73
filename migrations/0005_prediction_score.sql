ALTER TABLE "prediction_logs" ADD COLUMN "score" double precision;--> statement-breakpoint
-- labeled_at is now only set for a label attached after its prediction was logged (the label delay);
-- labels logged with their prediction had it set to logged_at.
UPDATE "prediction_logs" SET "labeled_at" = NULL WHERE "labeled_at" = "logged_at";
