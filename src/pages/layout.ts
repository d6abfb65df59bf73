import { fmtNumber, fmtTime } from '../core/format.js';
import type { PageRef } from '../ports/page-links.js';
import { Html, html, type HtmlValue } from './html.js';

/** What a page renders with: links to other pages, signed like the link that opened it. */
export interface PageContext {
  /** A link (path and query) to another page, valid as long as the link that opened this one: never longer. */
  href(page: PageRef): string;
  /**
   * The model the link that opened this page is about: links inside it open only that model's pages
   * (others are plain paths that need a token). null: every page (a link about every model, or a token).
   */
  readonly model: string | null;
  /** Hidden fields of the audit filter form (the link's expiry and the form's signature); empty with a token. */
  readonly formFields: Readonly<Record<string, string>>;
  readonly now: Date;
  /** when the link that opened the page expires; null: opened with an API token */
  readonly expiresAt: Date | null;
}

export const STYLESHEET_PATH = '/pages/assets/steward.css';

/** One whole document: landmarks, one h1, the stylesheet; no script. */
export function document(ctx: PageContext | null, o: { title: string; h1?: HtmlValue; lead?: HtmlValue; body: HtmlValue }): string {
  const nav = !ctx
    ? null
    : ctx.model === null
      ? html`<nav aria-label="Steward pages"><ul>
<li><a href="${ctx.href({ kind: 'models' })}">Models</a></li>
<li><a href="${ctx.href({ kind: 'audit' })}">Audit log</a></li>
<li><a href="${ctx.href({ kind: 'schedules' })}">Schedules</a></li>
</ul></nav>`
      : html`<nav aria-label="Steward pages"><ul>
<li><a href="${ctx.href({ kind: 'model', model: ctx.model })}">${ctx.model}</a></li>
<li><a href="${ctx.href({ kind: 'audit', model: ctx.model })}">Audit log of ${ctx.model}</a></li>
</ul></nav>`;
  const footer = ctx
    ? html`<p>Read-only view, generated ${fmtTime(ctx.now)}.${ctx.expiresAt ? html` This link is valid until ${fmtTime(ctx.expiresAt)}; ask for a new one in chat after that.` : ' Opened with an API token.'}</p>`
    : html`<p>Steward</p>`;
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${o.title} · Steward</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="site"><p class="brand">Steward</p>${nav}</header>
<main id="main">
<h1>${o.h1 ?? o.title}</h1>
${o.lead ? html`<p class="lead">${o.lead}</p>` : null}
${o.body}
</main>
<footer class="site">${footer}</footer>
</body>
</html>`}\n`;
}

let tableSeq = 0;

/**
 * A table in a scrolling region a keyboard can reach (tabindex=0, labelled by its caption): column
 * headers, and the first cell of each row as its row header.
 */
export function table(o: { caption: HtmlValue; label: string; head: readonly string[]; rows: readonly (readonly HtmlValue[])[]; empty?: string; rowHeaders?: boolean }): Html {
  if (!o.rows.length) return html`<p class="empty">${o.empty ?? 'Nothing to show.'}</p>`;
  const id = `t${++tableSeq}`;
  const rowHeaders = o.rowHeaders ?? true;
  return html`<div class="scroll" role="region" tabindex="0" aria-labelledby="${id}"><table>
<caption id="${id}">${o.caption}</caption>
<thead><tr>${o.head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>
${o.rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 && rowHeaders ? html`<th scope="row">${c}</th>` : html`<td>${c}</td>`))}</tr>\n`)}</tbody>
</table></div>`;
}

/** A description list of label -> value (facts about one thing). */
export function facts(entries: readonly (readonly [string, HtmlValue])[]): Html {
  return html`<dl class="facts">${entries.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v === null || v === undefined || v === '' ? '—' : v}</dd></div>`)}</dl>`;
}

/** A number as chat shows it (fmtNumber), with the exact value in a <data> element; "—" for none. */
export function num(v: number | null | undefined): Html {
  if (v === null || v === undefined || !Number.isFinite(v)) return html`—`;
  return html`<data value="${String(v)}">${fmtNumber(v)}</data>`;
}

/** A share as a percentage (the exact share in <data>). */
export function percent(v: number | null | undefined): Html {
  if (v === null || v === undefined || !Number.isFinite(v)) return html`—`;
  return html`<data value="${String(v)}">${String(Number((v * 100).toFixed(1)))}%</data>`;
}

export type Tone = 'ok' | 'warning' | 'critical' | 'info' | 'neutral';

/** A status in words, coloured as a second cue (never the only one). */
export function tag(word: string, tone: Tone): Html {
  return html`<span class="tag tag-${tone}">${word}</span>`;
}

export function time(d: Date | null | undefined): Html {
  return d ? html`<time datetime="${d.toISOString()}">${fmtTime(d)}</time>` : html`—`;
}

/** A digest in full (it wraps), or its first `shown` characters with the whole one as a title. */
export function digest(hex: string | null | undefined, shown?: number): Html {
  if (!hex) return html`—`;
  return shown && hex.length > shown ? html`<code class="digest" title="${hex}">${hex.slice(0, shown)}…</code>` : html`<code class="digest">${hex}</code>`;
}

export const section = (title: string, id: string, body: HtmlValue): Html => html`<section aria-labelledby="${id}"><h2 id="${id}">${title}</h2>\n${body}</section>\n`;

/** The status of a deployment / run in words with a tone. */
export function statusTag(status: string): Html {
  const tone: Tone = ['succeeded', 'done', 'passed', 'approved', 'ok'].includes(status)
    ? 'ok'
    : ['failed', 'rejected', 'critical', 'check_failed'].includes(status)
      ? 'critical'
      : ['expired', 'cancelled', 'warning', 'inconclusive'].includes(status)
        ? 'warning'
        : 'info';
  return tag(status.replace(/_/g, ' '), tone);
}
