import { z } from 'zod';
import type { ConfigProblem } from './config.js';
import { durationSchema } from './policy-schema.js';
import type { Platform } from '../core/platform.js';

/** The audit log's keys (STEWARD_AUDIT_KEYS) and where its signed heads are anchored (steward.yaml `audit:`). */
export interface AuditConfig {
  /** id:secret pairs from STEWARD_AUDIT_KEYS, the first is current; empty: the key file in the data directory */
  readonly keys: readonly { readonly id: string; readonly secret: string }[];
  /** the key made and kept in the data directory when STEWARD_AUDIT_KEYS is not set */
  readonly keyFile: string;
  /** signed heads appended here (JSON Lines), outside the database */
  readonly anchorFile: string;
  /** how often the head is anchored (also after every governance decision) */
  readonly anchorEveryMs: number;
  /** where configuration reloads (and refusals) are posted; null: none */
  readonly channel: { readonly platform: Platform; readonly channelId: string } | null;
}

export const auditSchema = z
  .object({
    anchorFile: z.string().min(1).max(4096).optional(),
    anchorEvery: durationSchema.default(3_600_000),
    channel: z.object({ platform: z.enum(['slack', 'discord', 'console']), id: z.string().min(1).max(100) }).strict().optional(),
  })
  .strict();

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** STEWARD_AUDIT_KEYS="2026-12:<secret>,2026-06:<older secret>" — problems name the position, never a secret. */
export function parseAuditKeys(raw: string | undefined): { keys: { id: string; secret: string }[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const keys: { id: string; secret: string }[] = [];
  if (raw === undefined || raw.trim() === '') return { keys, problems };
  raw.split(',').forEach((part, i) => {
    const at = part.indexOf(':');
    const id = at > 0 ? part.slice(0, at).trim() : '';
    const secret = at > 0 ? part.slice(at + 1).trim() : '';
    if (!KEY_ID.test(id)) problems.push({ where: 'env: STEWARD_AUDIT_KEYS', message: `key ${i + 1} has no usable id: write id:secret pairs separated by commas, the current key first, e.g. 2026-12:<secret>,2026-06:<older secret> (ids are letters, digits, . _ -)` });
    else if (secret.length < 16) problems.push({ where: 'env: STEWARD_AUDIT_KEYS', message: `key ${i + 1} (${id}) is shorter than 16 characters; use a random secret, e.g. openssl rand -base64 32` });
    else if (keys.some((k) => k.id === id)) problems.push({ where: 'env: STEWARD_AUDIT_KEYS', message: `key id ${id} appears twice; each key needs its own id` });
    else keys.push({ id, secret });
  });
  return { keys, problems };
}
