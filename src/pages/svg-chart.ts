import { fmtNumber } from '../core/format.js';
import { type Html, html } from './html.js';
import type { Tone } from './layout.js';

/**
 * Charts as inline SVG, drawn on the server: role="img" named by its <title> and described by its
 * <desc>; the page puts a table of the same numbers next to each. Colours come from presentation
 * attributes and the served stylesheet (no inline style, no script).
 */

const W = 640;
const LABEL_W = 170;
const VALUE_W = 80;
const ROW_H = 26;

const FILL: Record<Tone, string> = { ok: '#1b6e3a', warning: '#8a5a00', critical: '#b3261e', info: '#1f5fa8', neutral: '#4d5560' };

export interface Bar {
  readonly label: string;
  readonly value: number | null;
  readonly tone?: Tone;
}

const clip = (s: string, n = 24) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Horizontal bars, one per label, with the value written at the end of each; an optional reference line (a threshold). */
export function barChart(o: { id: string; title: string; desc: string; bars: readonly Bar[]; max?: number; reference?: { value: number; label: string } }): Html {
  const values = o.bars.map((b) => b.value ?? 0);
  const max = o.max ?? Math.max(1e-12, ...values.map(Math.abs), o.reference ? Math.abs(o.reference.value) : 0);
  const plotW = W - LABEL_W - VALUE_W;
  const top = o.reference ? 22 : 6;
  const h = top + o.bars.length * ROW_H + 8;
  const x = (v: number) => LABEL_W + Math.max(0, Math.min(1, Math.abs(v) / max)) * plotW;
  const rows = o.bars.map((b, i) => {
    const y = top + i * ROW_H;
    const w = b.value === null ? 0 : x(b.value) - LABEL_W;
    return html`<g>
<text x="${LABEL_W - 8}" y="${y + 17}" text-anchor="end" class="chart-label">${clip(b.label)}</text>
<rect x="${LABEL_W}" y="${y + 5}" width="${w.toFixed(1)}" height="${ROW_H - 10}" fill="${FILL[b.tone ?? 'info']}"/>
<text x="${(LABEL_W + Math.max(w, 0) + 6).toFixed(1)}" y="${y + 17}" class="chart-value">${b.value === null ? 'no value' : fmtNumber(b.value)}</text>
</g>`;
  });
  const ref = o.reference
    ? html`<line x1="${x(o.reference.value).toFixed(1)}" x2="${x(o.reference.value).toFixed(1)}" y1="${top - 4}" y2="${h - 4}" stroke="#1a1a1a" stroke-dasharray="4 3"/><text x="${x(o.reference.value).toFixed(1)}" y="14" text-anchor="middle" class="chart-label">${o.reference.label}</text>`
    : null;
  return figure(o, h, html`<line x1="${LABEL_W}" x2="${LABEL_W}" y1="${top}" y2="${h - 6}" stroke="#4d5560"/>
${rows}${ref}`);
}

export interface Point {
  readonly label: string;
  readonly value: number | null;
}

/** A line over time (points in order; gaps where a value is missing), with an optional reference line. */
export function lineChart(o: { id: string; title: string; desc: string; points: readonly Point[]; reference?: { value: number; label: string }; min?: number; max?: number }): Html {
  const H = 240;
  const left = 60;
  const right = 20;
  const top = 16;
  const bottom = 40;
  const vals = o.points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (o.reference) vals.push(o.reference.value);
  let lo = o.min ?? Math.min(...vals, Infinity);
  let hi = o.max ?? Math.max(...vals, -Infinity);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  const n = o.points.length;
  const px = (i: number) => left + (n <= 1 ? (W - left - right) / 2 : (i / (n - 1)) * (W - left - right));
  const py = (v: number) => top + (1 - (v - lo) / (hi - lo)) * (H - top - bottom);
  const segments: string[] = [];
  let cur: string[] = [];
  o.points.forEach((p, i) => {
    if (p.value === null || !Number.isFinite(p.value)) {
      if (cur.length) segments.push(cur.join(' '));
      cur = [];
    } else cur.push(`${px(i).toFixed(1)},${py(p.value).toFixed(1)}`);
  });
  if (cur.length) segments.push(cur.join(' '));
  const dots = o.points.map((p, i) => (p.value === null || !Number.isFinite(p.value) ? null : html`<circle cx="${px(i).toFixed(1)}" cy="${py(p.value).toFixed(1)}" r="3.5" fill="${FILL.info}"/>`));
  const ref = o.reference
    ? html`<line x1="${left}" x2="${W - right}" y1="${py(o.reference.value).toFixed(1)}" y2="${py(o.reference.value).toFixed(1)}" stroke="#1a1a1a" stroke-dasharray="4 3"/><text x="${W - right}" y="${(py(o.reference.value) - 5).toFixed(1)}" text-anchor="end" class="chart-label">${o.reference.label}</text>`
    : null;
  return figure(o, H, html`<line x1="${left}" x2="${left}" y1="${top}" y2="${H - bottom}" stroke="#4d5560"/>
<line x1="${left}" x2="${W - right}" y1="${H - bottom}" y2="${H - bottom}" stroke="#4d5560"/>
<text x="${left - 6}" y="${top + 4}" text-anchor="end" class="chart-label">${fmtNumber(hi)}</text>
<text x="${left - 6}" y="${H - bottom + 4}" text-anchor="end" class="chart-label">${fmtNumber(lo)}</text>
${n ? html`<text x="${left}" y="${H - bottom + 18}" class="chart-label">${o.points[0]!.label}</text>` : null}
${n > 1 ? html`<text x="${W - right}" y="${H - bottom + 18}" text-anchor="end" class="chart-label">${o.points[n - 1]!.label}</text>` : null}
${segments.map((s) => html`<polyline points="${s}" fill="none" stroke="${FILL.info}" stroke-width="2"/>`)}
${dots}${ref}`);
}

/** The chart's accessible frame: an SVG image named by its title and described by its text alternative. */
function figure(o: { id: string; title: string; desc: string }, height: number, body: Html): Html {
  return html`<figure class="chart"><svg role="img" aria-labelledby="${o.id}-title ${o.id}-desc" viewBox="0 0 ${W} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
<title id="${o.id}-title">${o.title}</title>
<desc id="${o.id}-desc">${o.desc}</desc>
${body}
</svg></figure>`;
}
