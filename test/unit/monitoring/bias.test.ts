import { describe, expect, it } from 'vitest';
import { attributeBias, biasReport } from '../../../src/monitoring/domain/stats/index.js';

/** Encodes group names as Int32Array codes + group list. */
function encode(attribute: string, values: readonly (string | null)[]) {
  const groups = [...new Set(values.filter((v): v is string => v !== null))].sort();
  return { attribute, groups, codes: Int32Array.from(values.map((v) => (v === null ? -1 : groups.indexOf(v)))) };
}

describe('Fairlearn documentation example (Common fairness metrics)', () => {
  // From the Fairlearn user guide, "Common fairness metrics":
  const yTrue = Uint8Array.from([0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  const yPred = Uint8Array.from([0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0]);
  const sf = ['b', 'b', 'a', 'b', 'b', 'c', 'c', 'c', 'a', 'a', 'c', 'a', 'b', 'c', 'c', 'b', 'c', 'c'];
  const res = attributeBias(yTrue, yPred, encode('sf', sf));

  it('per-group rates, derived by hand', () => {
    // a: rows 2,8,9,11 — y=[1,1,0,0], ŷ=[1,0,1,1]: selection 3/4, tpr 1/2, fpr 2/2, acc 1/4
    // b: rows 0,1,3,4,12,15 — y=[0,1,1,1,1,1], ŷ=[0,0,0,1,1,1]: selection 3/6, tpr 3/5, fpr 0/1, acc 4/6
    // c: rows 5,6,7,10,13,14,16,17 — y=[0,1,0,0,1,1,1,1], ŷ=[1,1,0,1,0,0,1,0]:
    //    selection 4/8, tpr 2/5, fpr 2/3, acc 3/8
    expect(res.groups).toEqual([
      { attribute: 'sf', group: 'a', count: 4, selectionRate: 0.75, tpr: 0.5, fpr: 1, accuracy: 0.25 },
      { attribute: 'sf', group: 'b', count: 6, selectionRate: 0.5, tpr: 0.6, fpr: 0, accuracy: 4 / 6 },
      { attribute: 'sf', group: 'c', count: 8, selectionRate: 0.5, tpr: 0.4, fpr: 2 / 3, accuracy: 0.375 },
    ]);
  });

  it('reproduces the documented values: DPD 0.25, DPR 0.666…, EOD 1.0, EOR 0.0', () => {
    expect(res.demographicParityDifference).toBe(0.25); // 0.75 − 0.5
    expect(res.demographicParityRatio).toBeCloseTo(2 / 3, 15); // 0.5 / 0.75
    expect(res.equalizedOddsDifference).toBe(1); // max(0.6 − 0.4, 1 − 0)
    expect(res.equalizedOddsRatio).toBe(0); // min(0.4/0.6, 0/1)
    expect(res.equalOpportunityDifference).toBeCloseTo(0.2, 15); // 0.6 − 0.4
    expect(res.equalOpportunityRatio).toBeCloseTo(2 / 3, 15);
    expect(res.fourFifthsFlag).toBe(true); // 0.667 < 0.8
    expect(res.notes).toEqual([]);
  });
});

describe('undefined rates', () => {
  it('a group without positives has tpr null and is excluded from tpr metrics, with a note', () => {
    // g1: y=[1,1,0,0], ŷ=[1,0,0,1] → sel 1/2, tpr 1/2, fpr 1/2
    // g2: y=[1,0,0,0], ŷ=[1,1,0,0] → sel 1/2, tpr 1,   fpr 1/3
    // g3: y=[0,0],     ŷ=[1,0]     → sel 1/2, tpr null, fpr 1/2
    const y = [1, 1, 0, 0, 1, 0, 0, 0, 0, 0];
    const p = [1, 0, 0, 1, 1, 1, 0, 0, 1, 0];
    const g = ['g1', 'g1', 'g1', 'g1', 'g2', 'g2', 'g2', 'g2', 'g3', 'g3'];
    const res = attributeBias(y, p, encode('team', g));
    expect(res.groups.map((x) => x.tpr)).toEqual([0.5, 1, null]);
    expect(res.groups.map((x) => x.fpr)).toEqual([0.5, 1 / 3, 0.5]);
    expect(res.demographicParityDifference).toBe(0);
    expect(res.demographicParityRatio).toBe(1);
    expect(res.equalOpportunityDifference).toBe(0.5); // g3 left out: 1 − 0.5
    expect(res.equalOpportunityRatio).toBe(0.5);
    expect(res.equalizedOddsDifference).toBeCloseTo(0.5, 15); // max(0.5, 0.5 − 1/3)
    expect(res.equalizedOddsRatio).toBeCloseTo(0.5, 15); // min(0.5, (1/3)/(1/2))
    expect(res.fourFifthsFlag).toBe(false);
    expect(res.notes.join('\n')).toMatch(/'g3' has no positives/);
  });

  it('a group without negatives has fpr null; a ratio with max 0 is null', () => {
    // Nobody is selected: every selection rate 0 → DPR = 0/0 → null, DPD = 0.
    const y = [1, 1, 0, 1];
    const p = [0, 0, 0, 0];
    const res = attributeBias(y, p, encode('s', ['x', 'x', 'x', 'y']));
    expect(res.groups[1]).toEqual({ attribute: 's', group: 'y', count: 1, selectionRate: 0, tpr: 0, fpr: null, accuracy: 0 });
    expect(res.demographicParityDifference).toBe(0);
    expect(res.demographicParityRatio).toBeNull();
    expect(res.equalOpportunityRatio).toBeNull();
    expect(res.equalizedOddsRatio).toBeNull(); // fpr only defined for x (0): ratio 0/0 as well
    expect(res.fourFifthsFlag).toBe(false);
    expect(res.notes.join('\n')).toMatch(/'y' has no negatives/);
    expect(res.notes.join('\n')).toMatch(/ratio \(0\/0\) is null/);
  });

  it('listed group with no rows, missing group codes and missing labels are reported', () => {
    const res = attributeBias([1, 0, 1, null], [1, 0, 0, 1], { attribute: 'r', groups: ['p', 'q', 'empty'], codes: Int32Array.from([0, 1, -1, 1]) });
    expect(res.groups[2]).toMatchObject({ group: 'empty', count: 0, selectionRate: null, tpr: null, fpr: null, accuracy: null });
    expect(res.groups.map((g) => g.count)).toEqual([1, 1, 0]);
    expect(res.notes).toContain('1 row with a missing label or prediction was skipped');
    expect(res.notes).toContain("1 row with no 'r' value was skipped");
  });
});

describe('inputs', () => {
  it('positiveLabel maps other labels to negative', () => {
    const y = ['approved', 'denied', 'approved', 'denied'];
    const p = ['approved', 'approved', 'denied', 'denied'];
    const res = attributeBias(y, p, encode('g', ['m', 'm', 'f', 'f']), { positiveLabel: 'approved' });
    // m: sel 1, tpr 1, fpr 1;  f: sel 0, tpr 0, fpr 0
    expect(res.demographicParityDifference).toBe(1);
    expect(res.demographicParityRatio).toBe(0);
    expect(res.fourFifthsFlag).toBe(true);
  });

  it('without positiveLabel values must be 0/1; lengths must match', () => {
    expect(() => attributeBias([0, 2], [0, 1], encode('g', ['a', 'b']))).toThrow(/not 0\/1/);
    expect(() => attributeBias([0, 1], [0], encode('g', ['a', 'b']))).toThrow(RangeError);
    expect(() => attributeBias([0, 1], [0, 1], encode('g', ['a']))).toThrow(RangeError);
    expect(() => attributeBias([0, 1], [0, 1], { attribute: 'g', groups: ['a'], codes: [0, 3] })).toThrow(/outside/);
  });

  it('biasReport covers several attributes over the same rows; Int8Array accepted', () => {
    const y = Int8Array.from([1, 0, 1, 0]);
    const p = Int8Array.from([1, 0, 0, 0]);
    const rep = biasReport(y, p, [encode('a', ['x', 'x', 'y', 'y']), encode('b', ['u', 'v', 'u', 'v'])]);
    expect(rep.attributes.map((a) => a.attribute)).toEqual(['a', 'b']);
    expect(rep.attributes[0]!.demographicParityDifference).toBe(0.5); // x: 1/2, y: 0
    expect(rep.attributes[1]!.demographicParityDifference).toBe(0.5); // u: 1/2, v: 0
    // b: u has only positives (tpr 1/2, fpr null), v only negatives (tpr null, fpr 0):
    // each rate is defined for a single group, so both spreads are 0.
    expect(rep.attributes[1]!.equalizedOddsDifference).toBe(0);
    expect(rep.attributes[1]!.equalizedOddsRatio).toBe(1);
  });
});
