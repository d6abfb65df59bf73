import { z } from 'zod';
import { durationSchema } from './policy-schema.js';

/** steward.yaml `limits:` — what the HTTP server accepts, and how fast (docs/http-api.md#limits). */
export interface LimitsConfig {
  /** API and callback bodies (413 above) */
  readonly bodyBytes: number;
  /** Slack's endpoint (413 above: Slack sends far less) */
  readonly slackBodyBytes: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** requests per minute per API token on /api/v1 (429 with Retry-After above); null: no limit */
  readonly perTokenPerMinute: number | null;
}

const size = z.union([z.number().int().positive(), z.string().regex(/^\d+\s*(b|kb|mb|gb)$/i, 'a size is a number of bytes or e.g. 512kb, 1mb, 50mb')]).transform((v) => {
  if (typeof v === 'number') return v;
  const m = /^(\d+)\s*(b|kb|mb|gb)$/i.exec(v)!;
  return Number(m[1]) * { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[m[2]!.toLowerCase() as 'b']!;
});

export const limitsSchema = z
  .object({
    body: size.optional(),
    slackBody: size.optional(),
    headersTimeout: durationSchema.optional(),
    requestTimeout: durationSchema.optional(),
    perTokenPerMinute: z.union([z.number().int().min(1).max(1_000_000), z.literal('off')]).optional(),
  })
  .strict();

export const DEFAULT_LIMITS: LimitsConfig = { bodyBytes: 50 * 1024 ** 2, slackBodyBytes: 1024 ** 2, headersTimeoutMs: 10_000, requestTimeoutMs: 120_000, perTokenPerMinute: 600 };

export function resolveLimits(parsed: z.output<typeof limitsSchema> | undefined): LimitsConfig {
  return {
    bodyBytes: parsed?.body ?? DEFAULT_LIMITS.bodyBytes,
    slackBodyBytes: parsed?.slackBody ?? DEFAULT_LIMITS.slackBodyBytes,
    headersTimeoutMs: parsed?.headersTimeout ?? DEFAULT_LIMITS.headersTimeoutMs,
    requestTimeoutMs: parsed?.requestTimeout ?? DEFAULT_LIMITS.requestTimeoutMs,
    perTokenPerMinute: parsed?.perTokenPerMinute === 'off' ? null : (parsed?.perTokenPerMinute ?? DEFAULT_LIMITS.perTokenPerMinute),
  };
}
