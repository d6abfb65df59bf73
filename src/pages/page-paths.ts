import type { PageRef } from '../ports/page-links.js';

/** The audit filters a page link or the filter form may carry. */
export const AUDIT_FILTERS = ['model', 'actor', 'action', 'since', 'until'] as const;

/** Where a page is served: its path (segments %-encoded) and its query. */
export function pageTarget(page: PageRef): { readonly path: string; readonly query: URLSearchParams } {
  const seg = encodeURIComponent;
  const query = new URLSearchParams();
  switch (page.kind) {
    case 'models':
      return { path: '/pages/models', query };
    case 'model':
      return { path: `/pages/models/${seg(page.model)}`, query };
    case 'version':
      return { path: `/pages/models/${seg(page.model)}/versions/${page.version}`, query };
    case 'drift':
    case 'bias':
    case 'quality':
      if (page.window) query.set('window', page.window);
      return { path: `/pages/models/${seg(page.model)}/${page.kind}/${seg(page.environment)}`, query };
    case 'audit':
      for (const k of AUDIT_FILTERS) if (page[k]) query.set(k, page[k]!);
      return { path: '/pages/audit', query };
    case 'schedules':
      return { path: '/pages/schedules', query };
  }
}

/**
 * A path in one spelling: each segment decoded and encoded again with encodeURIComponent, so a
 * client that escapes a safe character differently still names the same page. Null when a segment
 * is not valid %-encoded UTF-8.
 */
export function canonicalPath(path: string): string | null {
  try {
    return path
      .split('/')
      .map((s) => encodeURIComponent(decodeURIComponent(s)))
      .join('/');
  } catch {
    return null;
  }
}

/** The query in one spelling: sorted by name, without `exp` and `sig`; "" when empty. */
export function canonicalQuery(query: URLSearchParams): string {
  const q = new URLSearchParams([...query].filter(([k]) => k !== 'exp' && k !== 'sig'));
  q.sort();
  const s = q.toString();
  return s ? `?${s}` : '';
}
