import { join } from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { PACKAGE_ROOT } from '../../config/package-root.js';
import { FONT_FAMILY } from './svg.js';

/** The bundled font (DejaVu Sans, see assets/fonts/DejaVuSans-LICENSE.txt): text renders on a bare machine. */
export const FONT_FILE = join(PACKAGE_ROOT, 'assets/fonts/DejaVuSans.ttf');

export interface RenderedPng {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Only the bundled font: no system fonts, so output is the same on every machine. */
export const resvgOptions = (scale = 1): ResvgRenderOptions => ({
  font: { loadSystemFonts: false, fontFiles: [FONT_FILE], defaultFontFamily: FONT_FAMILY },
  fitTo: scale !== 1 ? { mode: 'zoom', value: scale } : { mode: 'original' },
  background: '#ffffff',
});

/** SVG text -> PNG bytes, with only the bundled font (no system fonts, so output is the same everywhere). */
export function renderPng(svg: string, opts: { scale?: number } = {}): RenderedPng {
  const resvg = new Resvg(svg, resvgOptions(opts.scale));
  const image = resvg.render();
  const png = image.asPng();
  return { png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength), width: image.width, height: image.height };
}
