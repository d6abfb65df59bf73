import type { AttributeBias } from '../domain/stats/index.js';
import { COLORS, label, line, rect, svgDocument, tick, truncate } from './svg.js';

const PANEL_W = 440;
const PANEL_H = 250;

function panel(a: AttributeBias, x0: number, y0: number, fourFifths: number): string[] {
  const out: string[] = [];
  const groups = a.groups.filter((g) => g.count > 0).slice(0, 12);
  out.push(label(x0 + 8, y0 + 18, truncate(a.attribute, 28), { size: 13, weight: 'bold' }));
  const ratio = a.demographicParityRatio;
  out.push(label(x0 + PANEL_W - 10, y0 + 18, ratio === null ? 'DP ratio —' : `DP ratio ${tick(ratio)}${a.fourFifthsFlag ? ' · four-fifths flag' : ''}`, { size: 11, anchor: 'end', fill: a.fourFifthsFlag ? COLORS.flagged : COLORS.text }));
  const left = x0 + 44;
  const right = x0 + PANEL_W - 12;
  const top = y0 + 46;
  const bottom = y0 + PANEL_H - 46;
  const y = (v: number) => bottom - v * (bottom - top);
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    out.push(line(left, y(t), right, y(t), COLORS.grid));
    out.push(label(left - 4, y(t) + 4, `${t * 100}%`, { size: 9, anchor: 'end', fill: COLORS.muted }));
  }
  out.push(line(x0 + 10, y0 + 32, x0 + 30, y0 + 32, COLORS.threshold, { width: 1.5, dash: '6 4' }));
  out.push(label(x0 + 34, y0 + 35, `four-fifths line: ${fourFifths * 100}% of the highest selection rate (a screening heuristic)`, { size: 9, fill: COLORS.threshold }));
  const rates = groups.map((g) => g.selectionRate ?? 0);
  const max = Math.max(0, ...rates);
  const threshold = max * fourFifths;
  const gw = (right - left) / Math.max(groups.length, 1);
  const bw = Math.min(gw * 0.6, 48);
  groups.forEach((g, i) => {
    const v = g.selectionRate ?? 0;
    const cx = left + gw * (i + 0.5);
    out.push(rect(cx - bw / 2, y(v), bw, bottom - y(v), v < threshold ? COLORS.flagged : COLORS.bar));
    out.push(label(cx, y(v) - 4, `${(v * 100).toFixed(1)}%`, { size: 9, anchor: 'middle' }));
    out.push(label(cx, bottom + 14, truncate(g.group, 14), { size: 10, anchor: 'middle', fill: COLORS.muted }));
    out.push(label(cx, bottom + 27, `n=${g.count}`, { size: 9, anchor: 'middle', fill: COLORS.muted }));
  });
  out.push(line(left, bottom, right, bottom, COLORS.axis));
  if (max > 0) {
    out.push(line(left, y(threshold), right, y(threshold), COLORS.threshold, { width: 1.5, dash: '6 4' }));
  }
  out.push(label((left + right) / 2, y0 + PANEL_H - 4, 'selection rate P(ŷ=1) by group', { size: 9, anchor: 'middle', fill: COLORS.muted }));
  return out;
}

/** Per-group selection-rate bars for each sensitive attribute, with the four-fifths line. */
export function biasChartSvg(title: string, subtitle: string, attributes: readonly AttributeBias[], fourFifths = 0.8): { svg: string; width: number; height: number } {
  const shown = attributes.slice(0, 6);
  const cols = shown.length > 1 ? 2 : 1;
  const rows = Math.max(1, Math.ceil(shown.length / cols));
  const width = cols * PANEL_W + 20;
  const height = 70 + rows * PANEL_H + 10;
  const body = [label(12, 24, title, { size: 16, weight: 'bold' }), label(12, 44, subtitle, { size: 11, fill: COLORS.muted })];
  shown.forEach((a, i) => body.push(...panel(a, 10 + (i % cols) * PANEL_W, 60 + Math.floor(i / cols) * PANEL_H, fourFifths)));
  return { svg: svgDocument(width, height, body), width, height };
}
