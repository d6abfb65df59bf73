import { describe, expect, it } from 'vitest';
import { activeFreeze } from '../../../src/governance/domain/freeze.js';
import { asAdvisory, blockingGates, evaluateGates, gatesPassed } from '../../../src/governance/domain/gates.js';
import { NO_GATES } from '../../../src/governance/domain/policy.js';

describe('freeze windows', () => {
  const weekend = { days: ['fri' as const], from: '22:00', to: '06:00', timezone: 'Europe/Madrid' };
  const afternoon = { days: ['fri' as const], from: '16:00', to: '23:59', timezone: 'America/New_York' };
  it('applies in the window’s own timezone, including across midnight', () => {
    // 2026-11-27 is a Friday. 21:30 UTC = 22:30 in Madrid (CET, UTC+1).
    expect(activeFreeze(new Date('2026-11-27T21:30:00Z'), [weekend])).toBe(weekend);
    expect(activeFreeze(new Date('2026-11-27T20:30:00Z'), [weekend])).toBeNull();
    // Saturday 04:00 Madrid belongs to Friday's window
    expect(activeFreeze(new Date('2026-11-28T03:00:00Z'), [weekend])).toBe(weekend);
    expect(activeFreeze(new Date('2026-11-28T05:30:00Z'), [weekend])).toBeNull();
    // 20:00 UTC Friday = 15:00 in New York: before the window
    expect(activeFreeze(new Date('2026-11-27T20:00:00Z'), [afternoon])).toBeNull();
    expect(activeFreeze(new Date('2026-11-27T21:05:00Z'), [afternoon])).toBe(afternoon);
  });
});

describe('gates', () => {
  const input = { metrics: { auc: 0.91, latency_ms: 12 }, fairness: { demographicParityRatio: 0.79 }, driftShare: 0.2, card: { intendedUse: 'x', limitations: ' ' }, live: { version: 6, metrics: { auc: 0.93, latency_ms: 10 } } };
  it('passes nothing on missing evidence and explains every result with its numbers', () => {
    const r = evaluateGates(
      {
        ...NO_GATES,
        metrics: [{ metric: 'auc', min: 0.9 }, { metric: 'f1', min: 0.5 }],
        noRegression: [{ metric: 'auc', maxDrop: 0.01 }, { metric: 'latency_ms', maxIncrease: 5 }],
        fairness: [{ metric: 'demographicParityRatio', min: 0.8 }],
        drift: { maxShare: 0.3 },
        modelCard: { required: ['intendedUse', 'limitations'] },
      },
      input,
    );
    expect(r.map((g) => [g.name, g.passed])).toEqual([
      ['auc', true],
      ['f1', false],
      ['auc vs live', false],
      ['latency_ms vs live', true],
      ['demographicParityRatio', false],
      ['drift', true],
      ['model card', false],
    ]);
    expect(r[1]!.explanation).toBe('f1 is not recorded — register it with --metric');
    expect(r[2]!.explanation).toBe('auc 0.91 vs live v6 0.93 (−0.02): drops more than the allowed 0.01');
    expect(r[3]!.explanation).toBe('latency_ms 12 vs live v6 10 (+2)');
    expect(r[5]!.explanation).toBe('20% of features drifted (≤ 30%)');
    expect(r[6]!.explanation).toBe('missing limitations — register with --limitations');
  });
  it('a drop exactly at the allowance passes (no floating-point surprise)', () => {
    const r = evaluateGates({ ...NO_GATES, noRegression: [{ metric: 'auc', maxDrop: 0.01 }] }, { ...input, metrics: { auc: 0.92 }, live: { version: 1, metrics: { auc: 0.93 } } });
    expect(r[0]!.passed).toBe(true);
  });
  it('advisory results keep their numbers but block nothing', () => {
    const r = evaluateGates({ ...NO_GATES, metrics: [{ metric: 'auc', min: 0.95 }, { metric: 'f1', min: 0.5 }] }, input);
    expect(blockingGates(r).map((g) => g.name)).toEqual(['auc', 'f1']);
    expect(gatesPassed(r)).toBe(false);
    const advisory = asAdvisory(r);
    expect(advisory.map((g) => [g.name, g.passed, g.value, g.advisory])).toEqual([
      ['auc', false, 0.91, true],
      ['f1', false, null, true],
    ]);
    expect(blockingGates(advisory)).toEqual([]);
    expect(gatesPassed(advisory)).toBe(true);
  });
});
