/** A model's training pipeline as configured (steward.yaml `training:`), secrets resolved. Pure data. */
export type TrainingTrigger = 'drift' | 'bias' | 'quality';

export interface WebhookPipelineConfig {
  readonly kind: 'webhook';
  readonly url: string;
  readonly secret: string;
  readonly secretEnv: string;
  readonly timeoutMs: number;
}

export interface GithubActionsPipelineConfig {
  readonly kind: 'github-actions';
  readonly apiUrl: string;
  readonly repo: string;
  readonly workflow: string;
  readonly ref: string;
  readonly token: string;
  readonly tokenEnv: string;
  readonly timeoutMs: number;
}

/** Nothing is called: the run waits for `register --trigger` (the demo's pipeline). */
export interface RecordPipelineConfig {
  readonly kind: 'record';
}

export interface TrainingConfig {
  readonly model: string;
  readonly pipeline: WebhookPipelineConfig | GithubActionsPipelineConfig | RecordPipelineConfig;
  /** approvals a retrain needs before the pipeline is called (0: at once) */
  readonly approvals: number;
  readonly approverRoles: readonly string[];
  /** a run not registered by then is failed */
  readonly deadlineMs: number;
  /** retrain on its own when an alert of these kinds is raised, at most once per cooldown; null: off */
  readonly auto: { readonly on: readonly TrainingTrigger[]; readonly cooldownMs: number } | null;
}
