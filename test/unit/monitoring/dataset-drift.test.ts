import { describe, expect, it } from 'vitest';
import {
  datasetDrift,
  featureHistogram,
  type ColumnInput,
} from '../../../src/monitoring/domain/stats/index.js';
import { f64 } from './helpers.js';

const range = (n: number, f: (i: number) => number): Float64Array => new Float64Array(n).map((_, i) => f(i));
const r = range(2000, (i) => i);

// Normed W1 (σ_R ≈ 577.35): shift 200 → 0.346 (drift), 50 → 0.0866 (possible, ≥ 0.08), 0 → 0.
const drifted: ColumnInput = { name: 'a', kind: 'numeric', reference: r, current: range(2000, (i) => i + 200) };
const possible: ColumnInput = { name: 'b', kind: 'numeric', reference: r, current: range(2000, (i) => i + 50) };
const stable: ColumnInput = { name: 'c', kind: 'numeric', reference: r, current: r };
const empty: ColumnInput = { name: 'd', kind: 'numeric', reference: r, current: f64([Number.NaN]) };

describe('datasetDrift', () => {
  it('share among testable columns; possible_drift is not drifted; not_testable is left out', () => {
    const res = datasetDrift([drifted, possible, stable, empty]);
    expect(res.features.map((f) => f.status)).toEqual(['drift', 'possible_drift', 'no_drift', 'not_testable']);
    expect(res.shareDrifted).toBeCloseTo(1 / 3, 15);
    expect(res.datasetDrift).toBe(false);
    expect(Object.keys(res).sort()).toEqual(['datasetDrift', 'features', 'shareDrifted']);
  });

  it('share ≥ 0.5 by default (inclusive), configurable', () => {
    expect(datasetDrift([drifted, stable]).datasetDrift).toBe(true); // 1/2 ≥ 0.5
    expect(datasetDrift([drifted, stable], { driftShare: 0.6 }).datasetDrift).toBe(false);
    expect(() => datasetDrift([drifted], { driftShare: 0 })).toThrow(RangeError);
  });

  it('per-column options override defaults', () => {
    const res = datasetDrift([drifted, possible, stable], {
      defaults: { threshold: 0.05 },
      columns: { a: { test: 'psi' }, c: { test: 'ks' } },
    });
    expect(res.features.map((f) => [f.test, f.threshold])).toEqual([
      ['psi', 0.05],
      ['wasserstein', 0.05],
      ['ks', 0.05],
    ]);
    expect(res.features[1]!.status).toBe('drift'); // 0.0866 ≥ 0.05
    expect(res.shareDrifted).toBeCloseTo(2 / 3, 15);
  });

  it('no testable column → shareDrifted null, datasetDrift false; duplicate names throw', () => {
    expect(datasetDrift([empty])).toMatchObject({ shareDrifted: null, datasetDrift: false });
    expect(datasetDrift([])).toEqual({ features: [], shareDrifted: null, datasetDrift: false });
    expect(() => datasetDrift([stable, stable])).toThrow(/duplicate/);
  });
});

describe('featureHistogram', () => {
  it('numeric: reference deciles as edges, proportions per shared bin', () => {
    const h = featureHistogram({ name: 'x', kind: 'numeric', reference: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], current: [0, 10, 10, 10] });
    if (h.kind !== 'numeric') throw new Error('kind');
    expect(h.edges).toEqual([1.9, 2.8, 3.6999999999999997, 4.6, 5.5, 6.3999999999999995, 7.3, 8.2, 9.1]);
    expect(h.reference).toEqual(Array(10).fill(0.1));
    // 0 → bin 0; the three 10s → bin 9 (> 9.1)
    expect(h.current).toEqual([0.25, 0, 0, 0, 0, 0, 0, 0, 0, 0.75]);
  });

  it('numeric with an empty side: zero proportions; empty reference: one bin', () => {
    const h = featureHistogram({ name: 'x', kind: 'numeric', reference: [1, 2], current: [Number.NaN] });
    expect(h.current.every((p) => p === 0)).toBe(true);
    const e = featureHistogram({ name: 'x', kind: 'numeric', reference: [], current: [1, 2] });
    expect(e).toEqual({ name: 'x', kind: 'numeric', edges: [], reference: [0], current: [1] });
  });

  it('categorical: union of observed categories, reference order first', () => {
    const h = featureHistogram({
      name: 'plan',
      kind: 'categorical',
      reference: { codes: Int32Array.from([0, 0, 1, 1, -1]), categories: ['free', 'pro', 'unused'] },
      current: { codes: Int32Array.from([0, 1, 1, 1]), categories: ['edu', 'free'] },
    });
    expect(h).toEqual({
      name: 'plan',
      kind: 'categorical',
      categories: ['free', 'pro', 'edu'],
      reference: [0.5, 0.5, 0],
      current: [0.75, 0, 0.25],
    });
  });
});
