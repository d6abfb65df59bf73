/** Tiny SVG string helpers: every chart is plain text, rendered to PNG by render-png.ts. */

export const FONT_FAMILY = 'DejaVu Sans';

export const COLORS = {
  reference: '#7a8ca3',
  current: '#e07b39',
  bar: '#4c78a8',
  flagged: '#d62728',
  threshold: '#d62728',
  axis: '#444444',
  grid: '#e5e5e5',
  text: '#222222',
  muted: '#666666',
} as const;

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const r2 = (n: number) => Math.round(n * 100) / 100;

export function rect(x: number, y: number, w: number, h: number, fill: string): string {
  return `<rect x="${r2(x)}" y="${r2(y)}" width="${r2(Math.max(0, w))}" height="${r2(Math.max(0, h))}" fill="${fill}"/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, opts: { width?: number; dash?: string } = {}): string {
  return `<line x1="${r2(x1)}" y1="${r2(y1)}" x2="${r2(x2)}" y2="${r2(y2)}" stroke="${stroke}" stroke-width="${opts.width ?? 1}"${opts.dash ? ` stroke-dasharray="${opts.dash}"` : ''}/>`;
}

export function label(x: number, y: number, s: string, opts: { size?: number; anchor?: 'start' | 'middle' | 'end'; fill?: string; weight?: 'bold'; rotate?: number } = {}): string {
  const rot = opts.rotate ? ` transform="rotate(${opts.rotate} ${r2(x)} ${r2(y)})"` : '';
  return `<text x="${r2(x)}" y="${r2(y)}" font-size="${opts.size ?? 11}" text-anchor="${opts.anchor ?? 'start'}" fill="${opts.fill ?? COLORS.text}"${opts.weight ? ` font-weight="${opts.weight}"` : ''}${rot}>${esc(s)}</text>`;
}

export function svgDocument(width: number, height: number, body: readonly string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">${rect(0, 0, width, height, '#ffffff')}${body.join('')}</svg>`;
}

export const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Compact tick text: 3 significant digits, k/M suffixes for big numbers. */
export function tick(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  if (a !== 0 && a < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}
