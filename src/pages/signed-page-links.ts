import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { PageLinks, PageRef } from '../ports/page-links.js';
import { AUDIT_FILTERS, canonicalPath, canonicalQuery, pageTarget } from './page-paths.js';

/**
 * The audit page's filter form (GET) carries `scope=filters` with a signature over
 * "/pages/audit?scope=filters": it opens the audit log with any filters the reader types, until the
 * expiry of the link that opened the page — or, when that link was about one model, over
 * "/pages/audit?model=<model>&scope=filters": the other filters vary, the model does not. Every
 * other signature covers exactly one path and query.
 */
export const AUDIT_FORM_SCOPE = 'filters';

/**
 * `model`: the link is about one model (its pages, its reports, its audit events): the links inside
 * the page are signed only for that model's pages. null: a page about every model (the models list,
 * the whole audit log, the schedules).
 */
export type PageVerdict = { readonly ok: true; readonly exp: number; readonly model: string | null } | { readonly ok: false };

/** Signs and checks page links (HMAC-SHA256 with the pages key over "<path><sorted query>\n<exp>"). */
export interface PageSigner extends PageLinks {
  /** A link expiring at `exp` (unix seconds), path and query only: links inside a page keep the expiry of the link that opened it. */
  hrefAt(page: PageRef, exp: number): string;
  /** The hidden fields of the audit filter form, valid until `exp` (for one model's events only, when `model` is given). */
  auditFormFields(exp: number, model?: string | null): Readonly<Record<string, string>>;
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

/** What the filter form's signature covers: any filters, or any filters of one model's events. */
const formTarget = (model: string | null) => (model ? `/pages/audit${canonicalQuery(new URLSearchParams({ model, scope: AUDIT_FORM_SCOPE }))}` : `/pages/audit?scope=${AUDIT_FORM_SCOPE}`);

/** The model a page is about (`/pages/models/<model>/…`, `/pages/audit?model=…`), or null: every model. */
function modelOf(canonical: string, query: URLSearchParams): string | null {
  const m = /^\/pages\/models\/([^/]+)/.exec(canonical);
  if (m) return decodeURIComponent(m[1]!);
  return canonical === '/pages/audit' ? query.get('model') || null : null;
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
    auditFormFields(exp, model): Readonly<Record<string, string>> {
      if (!model) return { exp: String(exp), scope: AUDIT_FORM_SCOPE, sig: mac(formTarget(null), exp) };
      return { exp: String(exp), scope: AUDIT_FORM_SCOPE, model, sig: mac(formTarget(model), exp) };
    },
    verify(path, query) {
      const exps = query.getAll('exp');
      const sigs = query.getAll('sig');
      if (exps.length !== 1 || sigs.length !== 1 || !/^\d{1,12}$/.test(exps[0]!)) return { ok: false };
      const exp = Number(exps[0]);
      if (exp <= nowSeconds()) return { ok: false };
      const p = canonicalPath(path);
      if (p === null) return { ok: false };
      const got = Buffer.from(sigs[0]!);
      const signs = (target: string) => {
        const want = Buffer.from(mac(target, exp));
        return want.length === got.length && timingSafeEqual(want, got);
      };
      // the filter form: only the filters may vary (and not the model, when the form was for one model)
      if (p === '/pages/audit' && query.get('scope') === AUDIT_FORM_SCOPE) {
        const allowed = new Set<string>(['exp', 'sig', 'scope', ...AUDIT_FILTERS]);
        if ([...query.keys()].some((k) => !allowed.has(k)) || query.getAll('scope').length !== 1 || query.getAll('model').length > 1) return { ok: false };
        const model = query.get('model');
        if (signs(formTarget(null))) return { ok: true, exp, model: null };
        return model && signs(formTarget(model)) ? { ok: true, exp, model } : { ok: false };
      }
      return signs(`${p}${canonicalQuery(query)}`) ? { ok: true, exp, model: modelOf(p, query) } : { ok: false };
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
