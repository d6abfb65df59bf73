import { z } from 'zod';
import { parseDuration } from '../scheduling/domain/duration.js';
import type { ConfigProblem } from './config.js';

/**
 * steward.yaml `targets:` — where each environment's deployments go. Secrets are never in the file:
 * the file names an environment variable (`secretEnv`, `tokenEnv`) and loadConfig resolves it.
 * Environments without an entry use the built-in `record` target (nothing is called).
 */

export interface WebhookTargetConfig {
  readonly kind: 'webhook';
  readonly url: string;
  /** HMAC-SHA256 key for X-Steward-Signature (outgoing) and the callback (incoming) */
  readonly secret: string;
  readonly secretEnv: string;
  readonly timeoutMs: number;
}

export interface GithubActionsTargetConfig {
  readonly kind: 'github-actions';
  /** no trailing slash: https://api.github.com or https://ghe.example.com/api/v3 */
  readonly apiUrl: string;
  /** owner/name */
  readonly repo: string;
  /** workflow file name (deploy.yml) or numeric id */
  readonly workflow: string;
  /** branch or tag the workflow runs on */
  readonly ref: string;
  readonly token: string;
  readonly tokenEnv: string;
  readonly timeoutMs: number;
}

export type MlflowMatch = 'source' | 'tag';

export interface MlflowTargetConfig {
  readonly kind: 'mlflow';
  /** no trailing slash, e.g. https://mlflow.example.com */
  readonly baseUrl: string;
  readonly token: string | null;
  readonly tokenEnv: string | null;
  /** registered model name template: {model} and {environment} are replaced */
  readonly registeredModel: string;
  /** null: the environment name */
  readonly alias: string | null;
  /** source: the MLflow version whose source equals the artifact URI; tag: whose tag steward.sha256 equals the sha256 */
  readonly match: MlflowMatch;
  readonly timeoutMs: number;
}

export interface RecordTargetConfig {
  readonly kind: 'record';
}

export type TargetConfig = WebhookTargetConfig | GithubActionsTargetConfig | MlflowTargetConfig | RecordTargetConfig;

export const TARGET_KINDS = ['webhook', 'github-actions', 'mlflow', 'record'] as const;
export const DEFAULT_TARGET_TIMEOUT_MS = 10_000;
export const GITHUB_DEFAULT_API_URL = 'https://api.github.com';
/** the MLflow model-version tag compared with Steward's sha256 when `match: tag` */
export const MLFLOW_SHA_TAG = 'steward.sha256';

const httpUrl = (field: string, example: string) =>
  z
    .url({ protocol: /^https?$/, error: `${field} is an http(s) URL, e.g. ${example}` })
    .transform((u) => u.replace(/\/+$/, ''));

/** Its shape is checked in rawTargetProblems, so a secret pasted here by mistake is never echoed back. */
const envVarName = (field: string, example: string) => z.string({ error: `${field} is required: the NAME of an environment variable that holds the secret, e.g. ${example}` }).min(1).max(256);
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const required = (field: string, what: string) => z.string({ error: `${field} is required: ${what}` });

const timeout = z
  .string()
  .refine((s) => {
    const v = parseDuration(s);
    return v !== null && v <= 300;
  }, 'timeout is a duration between 1s and 5m, e.g. 10s')
  .transform((s) => parseDuration(s)! * 1000)
  .default(DEFAULT_TARGET_TIMEOUT_MS);

export const webhookTargetSchema = z
  .object({
    kind: z.literal('webhook'),
    url: httpUrl('url', 'https://deploy.internal/steward'),
    secretEnv: envVarName('secretEnv', 'STEWARD_WEBHOOK_SECRET'),
    timeout,
  })
  .strict();

export const githubActionsTargetSchema = z
  .object({
    kind: z.literal('github-actions'),
    apiUrl: httpUrl('apiUrl', 'https://api.github.com or https://ghe.example.com/api/v3').default(GITHUB_DEFAULT_API_URL),
    repo: required('repo', 'owner/name, e.g. acme/ml-deploy').regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'repo is owner/name, e.g. acme/ml-deploy'),
    workflow: z
      .union([z.string().regex(/^([A-Za-z0-9_.-]+\.ya?ml|\d+)$/, 'workflow is the workflow file name (deploy.yml) or its numeric id'), z.number().int().positive()], { error: 'workflow is the workflow file name (deploy.yml) or its numeric id' })
      .transform(String),
    ref: required('ref', 'the branch or tag the workflow runs on, e.g. main').regex(/^[^\s~^:?*[\\]{1,255}$/, 'ref is the branch or tag the workflow runs on, e.g. main'),
    tokenEnv: envVarName('tokenEnv', 'GITHUB_TOKEN'),
    timeout,
  })
  .strict();

const mlflow = z
  .object({
    kind: z.literal('mlflow'),
    baseUrl: httpUrl('baseUrl', 'https://mlflow.example.com'),
    tokenEnv: envVarName('tokenEnv', 'MLFLOW_TOKEN').optional(),
    registeredModel: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[^'"\\]+$/, 'registeredModel is a name (quotes are not allowed)')
      .refine((s) => !/\{(?!model\}|environment\})[^}]*\}/.test(s), 'registeredModel may use the placeholders {model} and {environment} only')
      .default('{model}'),
    alias: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,255}$/, 'alias is letters, digits, _ and -, e.g. production')
      .refine((a) => a.toLowerCase() !== 'latest' && !/^v\d+$/i.test(a), 'MLflow reserves "latest" and v<number> as aliases: pick another name')
      .optional(),
    match: z.enum(['source', 'tag'], `match is source (the MLflow version's source equals the artifact URI) or tag (its ${MLFLOW_SHA_TAG} tag equals the sha256)`).default('source'),
    timeout,
  })
  .strict();

const record = z.object({ kind: z.literal('record') }).strict();

export const targetSchema = z.discriminatedUnion('kind', [webhookTargetSchema, githubActionsTargetSchema, mlflow, record], {
  error: `kind is one of ${TARGET_KINDS.join(', ')}`,
});

/** `targets:` is environment -> target. */
export const targetsSchema = z.record(z.string(), targetSchema);

type ParsedTargets = z.output<typeof targetsSchema>;

const SECRET_FIELDS = { secretEnv: 'STEWARD_WEBHOOK_SECRET', tokenEnv: 'GITHUB_TOKEN' } as const;
const URL_FIELDS = ['url', 'apiUrl', 'baseUrl'] as const;

/**
 * Checked on the raw YAML, so they are reported together with schema problems, and without echoing
 * the value (it may be a secret): environment names that are not environments (like policies),
 * secretEnv/tokenEnv that are not variable names, URLs that carry user:password@.
 */
export function rawTargetProblems(raw: unknown, environments: readonly string[]): ConfigProblem[] {
  const targets = raw && typeof raw === 'object' ? (raw as { targets?: unknown }).targets : undefined;
  if (!targets || typeof targets !== 'object' || Array.isArray(targets)) return [];
  const problems: ConfigProblem[] = [];
  for (const [e, t] of Object.entries(targets as Record<string, unknown>)) {
    if (!environments.includes(e)) problems.push({ where: `steward.yaml: targets.${e}`, message: `"${e}" is not an environment; environments are ${environments.join(', ')} (add it under environments: or fix the name)` });
    problems.push(...rawTargetEntryProblems(`targets.${e}`, t));
  }
  return problems;
}

/** One raw target entry (a deploy target, or a model's training pipeline) at `path`: secret names and URLs, never echoing a value. */
export function rawTargetEntryProblems(path: string, t: unknown): ConfigProblem[] {
  if (!t || typeof t !== 'object') return [];
  const problems: ConfigProblem[] = [];
  const o = t as Record<string, unknown>;
  for (const [field, example] of Object.entries(SECRET_FIELDS)) {
    const v = o[field];
    if (typeof v === 'string' && v && !ENV_VAR_NAME.test(v)) {
      problems.push({ where: `steward.yaml: ${path}.${field}`, message: `${field} is the NAME of an environment variable (letters, digits and _, e.g. ${o.kind === 'mlflow' ? 'MLFLOW_TOKEN' : example}), never the secret itself: put the value in that variable` });
    }
  }
  for (const field of URL_FIELDS) {
    const v = o[field];
    if (typeof v !== 'string') continue;
    try {
      const u = new URL(v);
      if (u.username || u.password) problems.push({ where: `steward.yaml: ${path}.${field}`, message: `${field} must not carry credentials (user:password@): put a token in an environment variable and name it in ${o.kind === 'webhook' ? 'secretEnv' : 'tokenEnv'}` });
    } catch {
      // the schema reports a URL that does not parse
    }
  }
  return problems;
}

/** Every environment gets a target (its own, or `record`), with secrets read from the named env vars. */
export function resolveTargets(parsed: ParsedTargets | undefined, environments: readonly string[], env: Record<string, string | undefined>): { targets: Record<string, TargetConfig>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const targets: Record<string, TargetConfig> = {};
  for (const e of environments) {
    const t = parsed?.[e];
    targets[e] = t ? resolveTarget(t, `targets.${e}`, env, problems) : { kind: 'record' };
  }
  return { targets, problems };
}

/** One parsed target (at steward.yaml `path`) with its secrets read from the named env vars; a missing one is added to `problems`. */
export function resolveTarget(t: z.output<typeof targetSchema>, path: string, env: Record<string, string | undefined>, problems: ConfigProblem[]): TargetConfig {
  const secret = (name: string, what: string, kind: string): string => {
    const field = kind === 'webhook' ? 'secretEnv' : 'tokenEnv';
    if (!ENV_VAR_NAME.test(name)) return ''; // reported by rawTargetEntryProblems
    const v = env[name];
    if (v === undefined || v.trim() === '') {
      problems.push({ where: `env: ${name}`, message: `steward.yaml ${path} (${kind}) reads its ${what} from ${name}, which is not set; export ${name} or change the target's ${field}` });
      return '';
    }
    return v;
  };
  switch (t.kind) {
    case 'record':
      return { kind: 'record' };
    case 'webhook':
      return { kind: 'webhook', url: t.url, secretEnv: t.secretEnv, secret: secret(t.secretEnv, 'signing secret', 'webhook'), timeoutMs: t.timeout };
    case 'github-actions':
      return { kind: 'github-actions', apiUrl: t.apiUrl, repo: t.repo, workflow: t.workflow, ref: t.ref, tokenEnv: t.tokenEnv, token: secret(t.tokenEnv, 'token', 'github-actions'), timeoutMs: t.timeout };
    case 'mlflow':
      return {
        kind: 'mlflow',
        baseUrl: t.baseUrl,
        tokenEnv: t.tokenEnv ?? null,
        token: t.tokenEnv ? secret(t.tokenEnv, 'token', 'mlflow') : null,
        registeredModel: t.registeredModel,
        alias: t.alias ?? null,
        match: t.match,
        timeoutMs: t.timeout,
      };
  }
}
