import { COLORS, label, line, svgDocument, tick } from './svg.js';

export interface TrendPoint {
  readonly start: Date;
  readonly value: number | null;
  readonly estimated: number | null;
}

const W = 640;
const H = 280;

const dayText = (d: Date, hourly: boolean) => (hourly ? `${d.toISOString().slice(5, 10)} ${d.toISOString().slice(11, 13)}h` : d.toISOString().slice(5, 10));

/** Lower and upper ends of the y axis: the values and the registered line, with a margin, within [0, 1] for rates. */
function yRange(values: number[], rate: boolean): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(hi > lo)) {
    lo -= Math.abs(lo) * 0.05 + 0.01;
    hi += Math.abs(hi) * 0.05 + 0.01;
  }
  const pad = (hi - lo) * 0.15;
  lo -= pad;
  hi += pad;
  if (rate) return [Math.max(0, lo), Math.min(1, hi)];
  return [Math.max(lo, 0), hi];
}

function polyline(points: [number, number][], stroke: string, dash?: string): string {
  if (points.length < 2) return '';
  return `<polyline points="${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}" fill="none" stroke="${stroke}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}

/**
 * One metric over time: the measured value per period (solid, a dot each), the estimate from
 * scores where there is one (dashed), and the value registered with the version (a red line).
 */
export function qualityTrendSvg(title: string, subtitle: string, metric: string, points: readonly TrendPoint[], registered: number | null, opts: { rate: boolean; hourly: boolean }): { svg: string; width: number; height: number } {
  const left = 56;
  const right = W - 16;
  const top = 70;
  const bottom = H - 40;
  const all = points.flatMap((p) => [p.value, p.estimated]).filter((v): v is number => v !== null);
  if (registered !== null) all.push(registered);
  const body = [label(12, 24, title, { size: 16, weight: 'bold' }), label(12, 44, subtitle, { size: 11, fill: COLORS.muted })];
  if (!all.length || !points.length) {
    body.push(label(W / 2, H / 2, `no ${metric} in this window`, { size: 12, anchor: 'middle', fill: COLORS.muted }));
    return { svg: svgDocument(W, H, body), width: W, height: H };
  }
  const [lo, hi] = yRange(all, opts.rate);
  const y = (v: number) => bottom - ((v - lo) / (hi - lo || 1)) * (bottom - top);
  const t0 = points[0]!.start.getTime();
  const t1 = points[points.length - 1]!.start.getTime();
  const x = (t: number) => (t1 === t0 ? (left + right) / 2 : left + ((t - t0) / (t1 - t0)) * (right - left));
  for (let i = 0; i <= 4; i++) {
    const v = lo + ((hi - lo) * i) / 4;
    body.push(line(left, y(v), right, y(v), COLORS.grid));
    body.push(label(left - 4, y(v) + 4, tick(v), { size: 9, anchor: 'end', fill: COLORS.muted }));
  }
  body.push(line(left, bottom, right, bottom, COLORS.axis));
  const every = Math.max(1, Math.ceil(points.length / 8));
  points.forEach((p, i) => {
    if (i % every === 0 || i === points.length - 1) body.push(label(x(p.start.getTime()), bottom + 16, dayText(p.start, opts.hourly), { size: 9, anchor: 'middle', fill: COLORS.muted }));
  });
  let legendX = left;
  const legend = (color: string, text: string, dash?: string) => {
    body.push(line(legendX, 58, legendX + 22, 58, color, { width: 2, ...(dash ? { dash } : {}) }));
    body.push(label(legendX + 26, 61, text, { size: 10, fill: color === COLORS.current ? COLORS.text : color }));
    legendX += 34 + text.length * 6;
  };
  if (registered !== null) {
    body.push(line(left, y(registered), right, y(registered), COLORS.threshold, { width: 1.5, dash: '6 4' }));
    legend(COLORS.threshold, `registered ${tick(registered)}`, '6 4');
  }
  const measured = points.filter((p) => p.value !== null).map((p): [number, number] => [x(p.start.getTime()), y(p.value!)]);
  if (measured.length) {
    body.push(polyline(measured, COLORS.bar));
    for (const [px, py] of measured) body.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="2.5" fill="${COLORS.bar}"/>`);
    legend(COLORS.bar, `measured (labelled)`);
  }
  const estimated = points.filter((p) => p.estimated !== null).map((p): [number, number] => [x(p.start.getTime()), y(p.estimated!)]);
  if (estimated.length) {
    body.push(polyline(estimated, COLORS.current, '4 3'));
    legend(COLORS.current, 'estimated from scores', '4 3');
  }
  return { svg: svgDocument(W, H, body), width: W, height: H };
}
