/**
 * steward.yaml `registry:` — an MLflow registry Steward mirrors (src/config/registry-config.ts reads
 * it). Without it Steward's own registry is the system of record.
 */
export type OutOfBandAction = 'accept' | 'alert' | 'revert';
export const OUT_OF_BAND_ACTIONS: readonly OutOfBandAction[] = ['accept', 'alert', 'revert'];

export interface MlflowRegistryConfig {
  readonly kind: 'mlflow';
  /** no trailing slash, e.g. https://mlflow.example.com */
  readonly url: string;
  readonly token: string | null;
  readonly tokenEnv: string | null;
  /** the secret MLflow signs webhook deliveries with (null: deliveries are refused) */
  readonly webhookSecret: string | null;
  readonly webhookSecretEnv: string | null;
  /** MLflow registered-model names or glob patterns (* and ?) to mirror */
  readonly models: readonly string[];
  /** environment -> the MLflow alias that says which version is live there */
  readonly aliases: Readonly<Record<string, string>>;
  /** how often a replica compares Steward with MLflow (what webhooks missed) */
  readonly reconcileMs: number;
  readonly timeoutMs: number;
}

const globRe = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);

/** Is this MLflow registered model one Steward mirrors? */
export function mirrored(cfg: Pick<MlflowRegistryConfig, 'models'>, mlflowName: string): boolean {
  return cfg.models.some((p) => (p.includes('*') || p.includes('?') ? globRe(p).test(mlflowName) : p === mlflowName));
}

/**
 * The `registry.models` entry that makes a Steward model name a mirrored one (before MLflow's model
 * has been imported, so without asking MLflow): a pattern the name matches, or a literal MLflow name
 * whose Steward name it is. Null when no entry does.
 */
export function mirrorPatternOf(cfg: Pick<MlflowRegistryConfig, 'models'>, stewardName: string): string | null {
  return cfg.models.find((p) => (p.includes('*') || p.includes('?') ? globRe(p).test(stewardName) : p === stewardName || stewardNameOf(p) === stewardName)) ?? null;
}

/**
 * The Steward name of an MLflow registered model: the name itself when it is a Steward slug, else
 * lower-cased with every run of other characters turned into one dash ("Fraud Detector" ->
 * fraud-detector, "main.risk.fraud_v2" -> main-risk-fraud-v2); null when nothing usable is left.
 */
export function stewardNameOf(mlflowName: string): string | null {
  const slug = mlflowName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug ? slug : null;
}

/** The environment whose alias this is, if any. */
export function environmentOfAlias(cfg: Pick<MlflowRegistryConfig, 'aliases'>, alias: string): string | null {
  for (const [env, a] of Object.entries(cfg.aliases)) if (a === alias) return env;
  return null;
}
