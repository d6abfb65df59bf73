import { z } from 'zod';

/** Names and values the registry accepts; the zod schemas double as user-facing rules. */
export const MODEL_NAME_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const modelName = z
  .string()
  .regex(MODEL_NAME_RE, 'a model name is a lowercase slug: letters, digits and dashes, 1–64 characters, e.g. fraud-detector');

export const sha256Hex = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 digest is exactly 64 hex characters'));

export const commitSha = z.string().regex(/^[0-9a-fA-F]{7,40}$/, 'a commit is 7–40 hex characters');

export const artifactUri = z
  .string()
  .min(3)
  .max(2048)
  .refine((s) => /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/\S+$/.test(s) || s.startsWith('/'), 'an artifact URI looks like s3://bucket/key, gs://…, https://… or an absolute path');

export const metricName = z.string().regex(/^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/, 'a metric name starts with a letter: letters, digits, _ . : -');

/** Parse "name=value" pairs where value must be a finite number. */
export function parseMetricPairs(pairs: readonly string[]): { ok: true; value: Record<string, number> } | { ok: false; message: string } {
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return { ok: false, message: `takes NAME=VALUE, got \`${pair}\` (e.g. auc=0.91)` };
    const name = pair.slice(0, eq);
    const raw = pair.slice(eq + 1).trim();
    if (!metricName.safeParse(name).success) return { ok: false, message: `name \`${name}\` is not valid: start with a letter, use letters, digits, _ . : -` };
    const value = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(value)) return { ok: false, message: `${name} must be a number, got \`${raw}\` (e.g. ${name}=0.91)` };
    if (name in out) return { ok: false, message: `${name} is given twice; give each once` };
    out[name] = value;
  }
  return { ok: true, value: out };
}
