import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import { can } from '../governance/domain/access.js';
import type { Actor } from '../governance/domain/actor.js';
import type { ChainVerdict } from '../governance/domain/hash-chain.js';
import type { Logger } from '../ports/logger.js';
import type { PageRef } from '../ports/page-links.js';
import type { Store } from '../ports/store.js';
import { auditPage } from '../pages/audit-page.js';
import { errorPage, forbiddenPage, notFoundPage, tooManyPage } from '../pages/error-pages.js';
import type { PageContext } from '../pages/layout.js';
import { STYLESHEET_PATH } from '../pages/layout.js';
import { modelPage, modelsPage } from '../pages/model-pages.js';
import { pageTarget } from '../pages/page-paths.js';
import type { PageResult, PagesPorts } from '../pages/pages-ports.js';
import { reportPage } from '../pages/report-pages.js';
import { schedulesPage } from '../pages/schedules-page.js';
import type { PageSigner } from '../pages/signed-page-links.js';
import { STEWARD_CSS } from '../pages/stylesheet.js';
import { versionPage } from '../pages/version-page.js';
import { authenticate, isResponse } from './api-auth.js';
import { correlationRef } from './http-ingress.js';
import type { HttpRequest, HttpResponse, PlainRoute } from './http-server.js';
import type { TokenRateLimit } from './token-rate-limit.js';

/** On every page: no script at all, styles from this server only, never framed, no referrer, not cached. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

export interface PageRoutePorts {
  readonly store: Store;
  readonly clock: Clock;
  readonly config: Config;
  readonly log: Logger;
  readonly rate?: TokenRateLimit;
  readonly pages: { readonly signer: PageSigner; readonly verifyAudit: () => Promise<ChainVerdict> };
}

const respond = (r: PageResult): HttpResponse => ({ status: r.status, body: r.html, headers: { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8' } });

/** A page's chat verb: reading the page needs what reading it in chat needs. */
type Verb = 'models' | 'model' | 'versions' | 'drift' | 'bias' | 'quality' | 'audit' | 'schedules';

/**
 * The read-only pages (docs/pages.md): GET only. A request opens a page with a valid signed link
 * (`exp` and `sig` over exactly its path and query) or an API token allowed to read; anything else is
 * a 403 page that shows nothing. Links inside a page keep the expiry of the link that opened it.
 */
/** A page's path and query without a signature (what a token holder follows). */
function plainHref(page: PageRef): string {
  const t = pageTarget(page);
  const q = t.query.toString();
  return q ? `${t.path}?${q}` : t.path;
}

export function pageRoutes(p: PageRoutePorts): PlainRoute[] {
  const { signer } = p.pages;
  const ports: PagesPorts = { store: p.store, clock: p.clock, config: p.config, verifyAudit: p.pages.verifyAudit };

  /** The page context for this request, or null: no valid link and no token allowed to read. */
  async function access(req: HttpRequest, verb: Verb, env?: string): Promise<PageContext | HttpResponse | null> {
    const now = p.clock.now();
    if (req.headers.authorization !== undefined) {
      const a: Actor | HttpResponse = await authenticate(p.store, req, now, p.rate);
      // over the token's rate: say when to come back; any other refusal shows nothing
      if (isResponse(a) && a.status === 429) {
        const r = respond(tooManyPage());
        return { ...r, headers: { ...r.headers, 'retry-after': a.headers?.['retry-after'] ?? '60' } };
      }
      if (isResponse(a) || !can(a, verb, 'read', env, p.config.access)) return null;
      return { href: plainHref, model: null, formFields: {}, now, expiresAt: null };
    }
    const v = signer.verify(req.path, req.query);
    if (!v.ok) return null;
    // a link about one model opens that model's pages, never the rest: other links stay plain (a token opens them)
    const inScope = (page: PageRef) => v.model === null || ('model' in page && page.model === v.model);
    const href = (page: PageRef) => (inScope(page) ? signer.hrefAt(page, v.exp) : plainHref(page));
    return { href, model: v.model, formFields: signer.auditFormFields(v.exp, v.model), now, expiresAt: new Date(v.exp * 1000) };
  }

  const page = (path: string, verb: Verb, render: (req: HttpRequest, ctx: PageContext) => Promise<PageResult>, env?: (req: HttpRequest) => string): PlainRoute => ({
    method: 'GET',
    path,
    async handle(req) {
      try {
        const ctx = await access(req, verb, env?.(req));
        if (!ctx) return respond(forbiddenPage());
        if ('status' in ctx) return ctx;
        return respond(await render(req, ctx));
      } catch (err) {
        const ref = correlationRef();
        p.log.error({ err, ref, path: req.path.slice(0, 200) }, 'a page failed');
        return respond(errorPage(ref));
      }
    },
  });

  const version = (s: string | undefined) => {
    const m = /^v?(\d{1,9})$/i.exec(s ?? '');
    return m && Number(m[1]) >= 1 ? Number(m[1]) : null;
  };
  const filter = (req: HttpRequest, k: string) => {
    const v = req.query.get(k)?.trim();
    return v ? { [k]: v.slice(0, 200) } : {};
  };

  return [
    {
      method: 'GET',
      path: STYLESHEET_PATH,
      async handle() {
        return { status: 200, body: STEWARD_CSS, headers: { 'content-type': 'text/css; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=3600', 'cross-origin-resource-policy': 'same-origin' } };
      },
    },
    page('/pages/models', 'models', (_req, ctx) => modelsPage(ports, ctx)),
    page('/pages/models/:model', 'model', (req, ctx) => modelPage(ports, ctx, req.params.model!)),
    page('/pages/models/:model/versions/:version', 'versions', async (req, ctx) => {
      const n = version(req.params.version);
      return n === null ? notFoundPage(ctx, `“${req.params.version}” is not a version number.`) : versionPage(ports, ctx, req.params.model!, n);
    }),
    ...(['drift', 'bias', 'quality'] as const).map((kind) =>
      page(`/pages/models/:model/${kind}/:env`, kind, (req, ctx) => reportPage(ports, ctx, kind, req.params.model!, req.params.env!, req.query.get('window')), (req) => req.params.env!),
    ),
    page('/pages/audit', 'audit', (req, ctx) => auditPage(ports, ctx, { ...filter(req, 'model'), ...filter(req, 'actor'), ...filter(req, 'action'), ...filter(req, 'since'), ...filter(req, 'until') })),
    page('/pages/schedules', 'schedules', (_req, ctx) => schedulesPage(ports, ctx)),
  ];
}
