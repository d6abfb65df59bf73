import { document, type PageContext } from './layout.js';
import { html } from './html.js';
import type { PageResult } from './pages-ports.js';

/** 403: no valid link and no token. Shows nothing else — not even which page was asked for. */
export function forbiddenPage(): PageResult {
  return {
    status: 403,
    html: document(null, { title: 'Link not valid', body: html`<p>This link is not valid or has expired. Ask for a new link in chat (the [Open] button on the card).</p>` }),
  };
}

export function notFoundPage(ctx: PageContext | null, what: string): PageResult {
  return { status: 404, html: document(ctx, { title: 'Not found', body: html`<p>${what}</p>` }) };
}

export function badRequestPage(ctx: PageContext | null, what: string): PageResult {
  return { status: 400, html: document(ctx, { title: 'Cannot show this page', body: html`<p>${what}</p>` }) };
}

/** 500: no detail, only the ref of the log line. */
export function errorPage(ref: string): PageResult {
  return { status: 500, html: document(null, { title: 'Something went wrong', body: html`<p>Steward could not show this page (ref ${ref}). Try again; if it persists, give the ref to your Steward admin.</p>` }) };
}

/** 429: the API token sent more requests than limits.perTokenPerMinute allows. */
export function tooManyPage(): PageResult {
  return { status: 429, html: document(null, { title: 'Too many requests', body: html`<p>This API token sent more requests than its limit allows. Try again in a minute.</p>` }) };
}
