import { z } from 'zod';
import type { ConfigProblem } from './config.js';
import { durationSchema } from './policy-schema.js';

/** The read-only web pages (docs/pages.md): their links' key, lifetime and base URL. */
export interface PagesConfig {
  /** STEWARD_PAGES_KEY; null: the key kept in the data directory (keyFile) */
  readonly key: string | null;
  /** made once (32 random bytes, mode 0600) when STEWARD_PAGES_KEY is not set */
  readonly keyFile: string;
  /** how long a link stays valid (steward.yaml pages.linkTtl, default 7d) */
  readonly linkTtlMs: number;
  /** STEWARD_PUBLIC_URL, the base of links; null: http://<STEWARD_HTTP_HOST>:<the port the server listens on> */
  readonly publicUrl: string | null;
}

export const DEFAULT_LINK_TTL_MS = 7 * 86_400_000;
/** links older than a year are not links but credentials */
const MAX_LINK_TTL_MS = 366 * 86_400_000;

export const pagesSchema = z
  .object({
    linkTtl: durationSchema.refine((ms) => ms >= 60_000 && ms <= MAX_LINK_TTL_MS, 'linkTtl is between 1m and 366d, e.g. 7d').optional(),
  })
  .strict();

/** STEWARD_PAGES_KEY, STEWARD_PUBLIC_URL and steward.yaml `pages:`; problems never quote the key. */
export function resolvePages(parsed: z.output<typeof pagesSchema> | undefined, env: Record<string, string | undefined>, keyFile: string): { pages: PagesConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const key = env.STEWARD_PAGES_KEY?.trim() || null;
  if (key !== null && key.length < 16) problems.push({ where: 'env: STEWARD_PAGES_KEY', message: 'STEWARD_PAGES_KEY is at least 16 characters; use a random secret, e.g. openssl rand -base64 32' });
  let publicUrl: string | null = env.STEWARD_PUBLIC_URL?.trim() || null;
  if (publicUrl !== null) {
    let u: URL | null = null;
    try {
      u = new URL(publicUrl);
    } catch {
      u = null;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.search || u.hash || u.username || u.password) {
      problems.push({ where: 'env: STEWARD_PUBLIC_URL', message: 'STEWARD_PUBLIC_URL is the http(s) URL people reach Steward at, without query or credentials, e.g. https://steward.example.com' });
      publicUrl = null;
    } else publicUrl = publicUrl.replace(/\/+$/, '');
  }
  return { pages: { key, keyFile, linkTtlMs: parsed?.linkTtl ?? DEFAULT_LINK_TTL_MS, publicUrl }, problems };
}
