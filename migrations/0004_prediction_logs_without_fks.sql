ALTER TABLE "prediction_logs" DROP CONSTRAINT "prediction_logs_model_id_models_id_fk";
--> statement-breakpoint
ALTER TABLE "prediction_logs" DROP CONSTRAINT "prediction_logs_version_id_model_versions_id_fk";
