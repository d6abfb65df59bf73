import type { PageLinks, PageRef } from '../ports/page-links.js';
import type { LinkButton, Reply } from './replies/reply.js';

/**
 * The [Open] link button to a page, or none when no HTTP server serves pages (`url` is null): a reply
 * spreads it as `links: openLink(ctx.pageLinks, { kind: 'version', model, version })`.
 */
export function openLink(pages: PageLinks | undefined, page: PageRef, label = 'Open'): LinkButton[] {
  const url = pages?.url(page) ?? null;
  return url ? [{ label, url }] : [];
}

/** The reply with its [Open] link to the report page of a drift, bias or quality report (none without an environment). */
export function withReportLink(pages: PageLinks | undefined, reply: Reply, kind: 'drift' | 'bias' | 'quality', r: { readonly model: string; readonly environment: string | null; readonly window?: string | undefined }): Reply {
  if (r.environment === null) return reply;
  const links = openLink(pages, { kind, model: r.model, environment: r.environment, ...(r.window ? { window: r.window } : {}) });
  return links.length ? { ...reply, links: [...(reply.links ?? []), ...links] } : reply;
}
