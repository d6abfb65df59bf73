import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { biasChartSvg } from '../../../src/monitoring/charts/bias-chart.js';
import { driftChartSvg } from '../../../src/monitoring/charts/drift-chart.js';
import { renderPng, resvgOptions } from '../../../src/monitoring/charts/render-png.js';
import { biasReport, datasetDrift, featureHistogram } from '../../../src/monitoring/domain/stats/index.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk. */
const dims = (png: Uint8Array) => {
  const v = new DataView(png.buffer, png.byteOffset);
  return { width: v.getUint32(16), height: v.getUint32(20) };
};

/** Dark pixels in a region, reading the RGBA buffer once (each .pixels access copies it). */
function inked(svg: string, width: number, box: { x0: number; x1: number; y0: number; y1: number }): number {
  const pixels = new Resvg(svg, resvgOptions()).render().pixels;
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) for (let x = box.x0; x < box.x1; x++) if (pixels[(y * width + x) * 4]! < 160) n++;
  return n;
}

const drift = () => {
  const r = Float64Array.from({ length: 500 }, (_, i) => Math.sin(i) * 10);
  const c = Float64Array.from({ length: 400 }, (_, i) => Math.sin(i) * 10 + 3);
  const cols = [
    { name: 'amount', kind: 'numeric' as const, reference: r, current: c },
    { name: 'country', kind: 'categorical' as const, reference: { codes: Int32Array.from({ length: 300 }, (_, i) => i % 3), categories: ['DE', 'FR', 'IT'] }, current: { codes: Int32Array.from({ length: 300 }, (_, i) => i % 4), categories: ['DE', 'FR', 'IT', 'ES'] } },
  ];
  const d = datasetDrift(cols);
  return d.features.map((f, i) => ({ feature: f, histogram: featureHistogram(cols[i]!) }));
};

describe('charts', () => {
  it('drift chart: a PNG of the SVG’s size, with the bundled font drawing its text', () => {
    const chart = driftChartSvg('Drift: fraud-detector v7 in production', 'last 7d', drift());
    expect(chart.svg).toContain('>amount</text>');
    const { png, width, height } = renderPng(chart.svg);
    expect([...png.slice(0, 8)]).toEqual(SIGNATURE);
    expect({ width, height }).toEqual({ width: chart.width, height: chart.height });
    expect(dims(png)).toEqual({ width: chart.width, height: chart.height });
    // The same chart without any text element renders differently: the text really is drawn.
    const noText = renderPng(chart.svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''));
    expect(Buffer.compare(Buffer.from(png), Buffer.from(noText.png))).not.toBe(0);
    // …and the difference is in the title area (top-left), where only text is.
    const title = { x0: 12, x1: 300, y0: 8, y1: 30 };
    expect(inked(chart.svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), chart.width, title)).toBe(0);
    expect(inked(chart.svg, chart.width, title)).toBeGreaterThan(200);
  });

  it('bias chart: one panel per attribute with the four-fifths line; flagged groups drawn in red', () => {
    const y = Float64Array.from({ length: 200 }, (_, i) => i % 2);
    const yhat = Float64Array.from({ length: 200 }, (_, i) => (i < 100 ? i % 2 : i % 5 === 0 ? 1 : 0));
    const report = biasReport(y, yhat, [{ attribute: 'sex', codes: Int32Array.from({ length: 200 }, (_, i) => (i < 100 ? 0 : 1)), groups: ['F', 'M'] }]);
    const chart = biasChartSvg('Bias: credit v1', 'last 7d', report.attributes);
    expect(chart.svg).toContain('stroke-dasharray');
    expect(chart.svg).toContain('fill="#d62728"'); // M's selection rate (0.2) is under 0.8 × 0.5
    const { png, width, height } = renderPng(chart.svg);
    expect([...png.slice(0, 8)]).toEqual(SIGNATURE);
    expect(dims(png)).toEqual({ width, height });
    expect(width).toBe(chart.width);
  });

  it('escapes text: feature names with markup characters cannot break the SVG', () => {
    const panels = drift();
    const weird = { ...panels[0]!, feature: { ...panels[0]!.feature, name: '<b>&"x"' } };
    const chart = driftChartSvg('A & B <c>', '', [weird]);
    expect(chart.svg).toContain('&lt;b&gt;&amp;&quot;x&quot;');
    expect(() => renderPng(chart.svg)).not.toThrow();
  });
});
