import { z } from 'zod';
import type { MlflowRegistryConfig } from '../mirror/domain/mirror-config.js';
import type { ConfigProblem } from './config.js';
import { durationSchema } from './policy-schema.js';

/**
 * steward.yaml `registry:` — an existing MLflow registry as the system of record (docs/mlflow.md):
 * Steward mirrors the listed models' versions and alias positions, takes MLflow's webhooks, and
 * reconciles on a period. Without the section Steward's own registry is the record.
 */
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const aliasName = z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'an alias is letters, digits, _ and -, e.g. champion');

export const registrySchema = z
  .object({
    kind: z.literal('mlflow', 'registry kind is mlflow (the only external registry Steward mirrors)'),
    url: z
      .url({ protocol: /^https?$/, error: 'url is an http(s) URL, e.g. https://mlflow.example.com' })
      .transform((u) => u.replace(/\/+$/, '')),
    tokenEnv: z.string().min(1).max(128).optional(),
    webhookSecretEnv: z.string().min(1).max(128).optional(),
    models: z.array(z.string().min(1).max(256)).min(1, 'list the MLflow registered models to mirror: names or glob patterns, e.g. [fraud-detector, "churn-*"]'),
    aliases: z.record(z.string(), aliasName).default({}),
    reconcile: durationSchema.default(5 * 60_000),
    timeout: durationSchema.default(10_000),
  })
  .strict();

/** The section's secrets read from the named variables, its environments checked. */
export function resolveRegistry(parsed: z.output<typeof registrySchema> | undefined, raw: unknown, environments: readonly string[], env: Record<string, string | undefined>): { registry: MlflowRegistryConfig | null; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  // checked on the raw YAML too, so a secret pasted in place of its variable's name is never echoed
  const r = raw && typeof raw === 'object' ? (raw as { registry?: Record<string, unknown> }).registry : undefined;
  for (const field of ['tokenEnv', 'webhookSecretEnv'] as const) {
    const v = r && typeof r === 'object' ? r[field] : undefined;
    if (typeof v === 'string' && !ENV_VAR_NAME.test(v)) problems.push({ where: `steward.yaml: registry.${field}`, message: `${field} is the NAME of an environment variable (letters, digits and _, e.g. ${field === 'tokenEnv' ? 'MLFLOW_TOKEN' : 'MLFLOW_WEBHOOK_SECRET'}), never the secret itself: put the value in that variable` });
  }
  if (!parsed) return { registry: null, problems };
  for (const e of Object.keys(parsed.aliases)) {
    if (!environments.includes(e)) problems.push({ where: `steward.yaml: registry.aliases.${e}`, message: `unknown environment "${e}"; environments are ${environments.join(', ')}` });
  }
  const seen = new Map<string, string>();
  for (const [e, a] of Object.entries(parsed.aliases)) {
    if (seen.has(a)) problems.push({ where: `steward.yaml: registry.aliases.${e}`, message: `alias ${a} is already the alias of ${seen.get(a)}; each environment needs its own` });
    seen.set(a, e);
  }
  const secret = (name: string | undefined, field: string, what: string): string | null => {
    if (name === undefined || !ENV_VAR_NAME.test(name)) return null;
    const v = env[name];
    if (v === undefined || v.trim() === '') {
      problems.push({ where: `env: ${name}`, message: `steward.yaml registry.${field} names ${name} for the ${what}, but it is not set; export ${name} or remove ${field}` });
      return null;
    }
    return v;
  };
  return {
    registry: {
      kind: 'mlflow',
      url: parsed.url,
      tokenEnv: parsed.tokenEnv ?? null,
      token: secret(parsed.tokenEnv, 'tokenEnv', 'MLflow token'),
      webhookSecretEnv: parsed.webhookSecretEnv ?? null,
      webhookSecret: secret(parsed.webhookSecretEnv, 'webhookSecretEnv', 'webhook secret'),
      models: parsed.models,
      aliases: parsed.aliases,
      reconcileMs: parsed.reconcile,
      timeoutMs: parsed.timeout,
    },
    problems,
  };
}
