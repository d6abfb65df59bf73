/**
 * The read-only web pages Steward's HTTP server serves (src/pages), as the chat layer names them.
 * A chat card links to one with a signed, expiring URL (`PageLinks.url`).
 */
export type PageRef =
  | { readonly kind: 'models' }
  | { readonly kind: 'model'; readonly model: string }
  | { readonly kind: 'version'; readonly model: string; readonly version: number }
  | { readonly kind: 'drift' | 'bias' | 'quality'; readonly model: string; readonly environment: string; readonly window?: string }
  | { readonly kind: 'audit'; readonly model?: string; readonly actor?: string; readonly action?: string; readonly since?: string; readonly until?: string }
  | { readonly kind: 'schedules' };

/** Signed, expiring links to read-only pages. `url` is null when no HTTP server serves pages. */
export interface PageLinks {
  url(page: PageRef): string | null;
}

/** No HTTP server (or pages off): no links. */
export const noPageLinks: PageLinks = { url: () => null };
