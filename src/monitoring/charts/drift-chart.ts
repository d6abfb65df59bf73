import type { FeatureDrift, FeatureHistogram } from '../domain/stats/index.js';
import { COLORS, label, line, rect, svgDocument, tick, truncate } from './svg.js';

export interface DriftPanel {
  readonly histogram: FeatureHistogram;
  readonly feature: FeatureDrift;
}

const PANEL_W = 440;
const PANEL_H = 250;
const MAX_CATEGORIES = 12;
const TIER_TEXT: Record<string, string> = { drift: 'drift', possible_drift: 'possible drift', no_drift: 'no drift', not_testable: 'not testable' };
const TEST_TEXT: Record<string, string> = { ks: 'KS p', chiSquare: 'chi² p', wasserstein: 'W1 normed', psi: 'PSI', jensenShannon: 'JS' };

/** At most MAX_CATEGORIES bars: the largest categories, the rest summed as "other". */
function capCategories(names: string[], ref: number[], cur: number[]): { names: string[]; ref: number[]; cur: number[] } {
  if (names.length <= MAX_CATEGORIES) return { names, ref, cur };
  const order = names.map((_, i) => i).sort((a, b) => Math.max(ref[b]!, cur[b]!) - Math.max(ref[a]!, cur[a]!));
  const keep = order.slice(0, MAX_CATEGORIES - 1);
  const rest = order.slice(MAX_CATEGORIES - 1);
  const sum = (xs: number[]) => rest.reduce((s, i) => s + xs[i]!, 0);
  return { names: [...keep.map((i) => names[i]!), `other (${rest.length})`], ref: [...keep.map((i) => ref[i]!), sum(ref)], cur: [...keep.map((i) => cur[i]!), sum(cur)] };
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const steps = [0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1];
  return steps.find((s) => s >= v - 1e-12) ?? 1;
}

function panel(p: DriftPanel, x0: number, y0: number): string[] {
  const out: string[] = [];
  const f = p.feature;
  const h = p.histogram;
  const score = f.score === null ? '—' : tick(f.score);
  const color = f.status === 'drift' ? COLORS.flagged : f.status === 'possible_drift' ? COLORS.current : COLORS.text;
  out.push(label(x0 + 8, y0 + 18, truncate(f.name, 30), { size: 13, weight: 'bold' }));
  out.push(label(x0 + PANEL_W - 10, y0 + 18, `${TEST_TEXT[f.test] ?? f.test} ${score} · ${TIER_TEXT[f.status]}`, { size: 11, anchor: 'end', fill: color }));

  const left = x0 + 44;
  const right = x0 + PANEL_W - 12;
  const top = y0 + 34;
  const bottom = y0 + PANEL_H - 52;
  const bars = h.kind === 'numeric' ? { names: [] as string[], ref: h.reference, cur: h.current } : capCategories(h.categories, h.reference, h.current);
  const k = bars.ref.length;
  const max = niceMax(Math.max(...bars.ref, ...bars.cur, 0));
  const y = (v: number) => bottom - (v / max) * (bottom - top);
  for (const t of [0, max / 2, max]) {
    out.push(line(left, y(t), right, y(t), COLORS.grid));
    out.push(label(left - 4, y(t) + 4, `${Number((t * 100).toFixed(1))}%`, { size: 9, anchor: 'end', fill: COLORS.muted }));
  }
  const gw = (right - left) / Math.max(k, 1);
  const bw = Math.min(gw * 0.38, 28);
  for (let i = 0; i < k; i++) {
    const cx = left + gw * (i + 0.5);
    out.push(rect(cx - bw, y(bars.ref[i]!), bw, bottom - y(bars.ref[i]!), COLORS.reference));
    out.push(rect(cx, y(bars.cur[i]!), bw, bottom - y(bars.cur[i]!), COLORS.current));
  }
  out.push(line(left, bottom, right, bottom, COLORS.axis));
  if (h.kind === 'numeric') {
    // Edges sit between the bins: bin 0 is ≤ edges[0], the last bin > the last edge.
    const rotate = h.edges.length > 6;
    h.edges.forEach((e, i) => {
      const x = left + gw * (i + 1);
      out.push(line(x, bottom, x, bottom + 4, COLORS.axis));
      out.push(label(x, bottom + 15, tick(e), { size: 9, anchor: rotate ? 'end' : 'middle', fill: COLORS.muted, rotate: rotate ? -35 : 0 }));
    });
    if (h.edges.length === 0) out.push(label((left + right) / 2, bottom + 15, 'one bin (constant reference)', { size: 9, anchor: 'middle', fill: COLORS.muted }));
    out.push(label((left + right) / 2, y0 + PANEL_H - 6, 'reference decile bins', { size: 9, anchor: 'middle', fill: COLORS.muted }));
  } else {
    const rotate = k > 5;
    bars.names.forEach((n, i) => {
      const x = left + gw * (i + 0.5);
      out.push(label(x, bottom + 14, truncate(n, rotate ? 12 : 14), { size: 9, anchor: rotate ? 'end' : 'middle', fill: COLORS.muted, rotate: rotate ? -35 : 0 }));
    });
  }
  return out;
}

/** Reference vs current proportions for up to 6 features, two panels per row. */
export function driftChartSvg(title: string, subtitle: string, panels: readonly DriftPanel[]): { svg: string; width: number; height: number } {
  const shown = panels.slice(0, 6);
  const cols = shown.length > 1 ? 2 : 1;
  const rows = Math.max(1, Math.ceil(shown.length / cols));
  const width = cols * PANEL_W + 20;
  const height = 70 + rows * PANEL_H + 10;
  const body: string[] = [label(12, 24, title, { size: 16, weight: 'bold' }), label(12, 44, subtitle, { size: 11, fill: COLORS.muted })];
  const lx = width - 190;
  body.push(rect(lx, 14, 12, 12, COLORS.reference), label(lx + 16, 24, 'reference', { size: 11 }), rect(lx + 90, 14, 12, 12, COLORS.current), label(lx + 106, 24, 'current', { size: 11 }));
  shown.forEach((p, i) => body.push(...panel(p, 10 + (i % cols) * PANEL_W, 60 + Math.floor(i / cols) * PANEL_H)));
  if (!shown.length) body.push(label(width / 2, 60 + PANEL_H / 2, 'no features to show', { size: 13, anchor: 'middle', fill: COLORS.muted }));
  return { svg: svgDocument(width, height, body), width, height };
}
