import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { PageLinks, PageRef } from '../ports/page-links.js';
import { AUDIT_FILTERS, canonicalPath, canonicalQuery, pageTarget } from './page-paths.js';

/**
 * The audit page's filter form (GET) carries `scope=filters` with a signature over
 * "/pages/audit?scope=filters": it opens the audit log with any filters the reader types, until the
 * expiry of the link that opened the page. Every other signature covers exactly one path and query.
 */
export const AUDIT_FORM_SCOPE = 'filters';

export type PageVerdict = { readonly ok: true; readonly exp: number } | { readonly ok: false };

/** Signs and checks page links (HMAC-SHA256 with the pages key over "<path><sorted query>\n<exp>"). */
export interface PageSigner extends PageLinks {
  /** A link expiring at `exp` (unix seconds), path and query only: links inside a page keep the expiry of the link that opened it. */
  hrefAt(page: PageRef, exp: number): string;
  /** The hidden fields of the audit filter form, valid until `exp`. */
  auditFormFields(exp: number): { readonly exp: string; readonly scope: string; readonly sig: string };
  /** Is this request (its path as sent, still %-encoded, and query) a valid, unexpired link? */
  verify(path: string, query: URLSearchParams): PageVerdict;
  /** Links are absolute under this base once the server listens (STEWARD_PUBLIC_URL wins when set). */
  listening(baseUrl: string): void;
}

export interface PageSignerOptions {
  /** the server secret (STEWARD_PAGES_KEY, or the key kept in the data directory) */
  readonly secret: string;
  readonly clock: Clock;
  /** how long a link made by `url` stays valid (steward.yaml pages.linkTtl; default 7 days) */
  readonly ttlMs: number;
  /** STEWARD_PUBLIC_URL; null: http://<host>:<port> the server listens on */
  readonly publicUrl: string | null;
}

export function pageSigner(o: PageSignerOptions): PageSigner {
  let base: string | null = o.publicUrl ? o.publicUrl.replace(/\/+$/, '') : null;
  const fixedBase = base !== null;
  const mac = (target: string, exp: number) => createHmac('sha256', o.secret).update(`${target}\n${exp}`).digest('base64url');
  const sign = (path: string, query: URLSearchParams, exp: number) => {
    const target = `${canonicalPath(path)!}${canonicalQuery(query)}`;
    const q = new URLSearchParams(query);
    q.sort();
    q.set('exp', String(exp));
    q.set('sig', mac(target, exp));
    return `${path}?${q.toString()}`;
  };
  const nowSeconds = () => Math.floor(o.clock.now().getTime() / 1000);
  const hrefAt = (page: PageRef, exp: number) => {
    const t = pageTarget(page);
    return sign(t.path, t.query, exp);
  };
  return {
    url(page) {
      if (base === null) return null;
      return `${base}${hrefAt(page, nowSeconds() + Math.floor(o.ttlMs / 1000))}`;
    },
    hrefAt,
    auditFormFields(exp) {
      return { exp: String(exp), scope: AUDIT_FORM_SCOPE, sig: mac(`/pages/audit?scope=${AUDIT_FORM_SCOPE}`, exp) };
    },
    verify(path, query) {
      const exps = query.getAll('exp');
      const sigs = query.getAll('sig');
      if (exps.length !== 1 || sigs.length !== 1 || !/^\d{1,12}$/.test(exps[0]!)) return { ok: false };
      const exp = Number(exps[0]);
      if (exp <= nowSeconds()) return { ok: false };
      const p = canonicalPath(path);
      if (p === null) return { ok: false };
      let target = `${p}${canonicalQuery(query)}`;
      // the filter form: only the filters may vary
      if (p === '/pages/audit' && query.get('scope') === AUDIT_FORM_SCOPE) {
        const allowed = new Set<string>(['exp', 'sig', 'scope', ...AUDIT_FILTERS]);
        if ([...query.keys()].some((k) => !allowed.has(k)) || query.getAll('scope').length !== 1) return { ok: false };
        target = `/pages/audit?scope=${AUDIT_FORM_SCOPE}`;
      }
      const want = Buffer.from(mac(target, exp));
      const got = Buffer.from(sigs[0]!);
      return want.length === got.length && timingSafeEqual(want, got) ? { ok: true, exp } : { ok: false };
    },
    listening(baseUrl) {
      if (fixedBase) return;
      // a server listening on every interface is reached, from this machine, at the loopback address
      const u = new URL(baseUrl);
      if (u.hostname === '0.0.0.0' || u.hostname === '[::]') u.hostname = '127.0.0.1';
      base = u.toString().replace(/\/+$/, '');
    },
  };
}
