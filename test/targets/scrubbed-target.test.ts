import { describe, expect, it } from 'vitest';
import { secretScrubber } from '../../src/core/secret-scrub.js';
import type { DeployTarget } from '../../src/deploy/domain/target.js';
import { scrubbedTarget } from '../../src/deploy/targets/scrubbed-target.js';
import { JOB, planJob } from './target-fixtures.js';

const TOKEN = 'steward-deploy-token-abcdefghij';

/** A target that repeats its token everywhere it can: messages, refs, plans, and what it throws. */
const leaky = (throwOn?: 'plan' | 'start' | 'check'): DeployTarget => ({
  kind: 'leaky',
  async plan() {
    if (throwOn === 'plan') throw new Error(`lookup failed for ${TOKEN}\nstack…`);
    return { summary: `call with ${TOKEN}`, steps: [`step using ${TOKEN}`] };
  },
  async start() {
    if (throwOn === 'start') throw new Error(`socket closed (token=${TOKEN})`);
    return { state: 'running', ref: { id: `run-${TOKEN}`, url: `https://ci.example/run?access_token=${TOKEN}` }, message: `started with ${TOKEN}` };
  },
  async check() {
    if (throwOn === 'check') throw new Error(TOKEN);
    return { state: 'failed', message: `denied: ${TOKEN}`, ref: { id: '1', url: `https://ci.example/${TOKEN}` } };
  },
});

describe('a scrubbed target', () => {
  const scrub = secretScrubber([TOKEN]);

  it('removes the secrets from every message, ref, plan line and thrown error, and changes nothing else', async () => {
    const t = scrubbedTarget(leaky(), scrub);
    expect(t.kind).toBe('leaky');
    expect(await t.plan(planJob(JOB))).toEqual({ summary: 'call with [redacted]', steps: ['step using [redacted]'] });
    expect(await t.start(JOB)).toEqual({ state: 'running', ref: { id: 'run-[redacted]', url: 'https://ci.example/run?access_token=[redacted]' }, message: 'started with [redacted]' });
    expect(await t.check(JOB, { id: '1' })).toEqual({ state: 'failed', message: 'denied: [redacted]', ref: { id: '1', url: 'https://ci.example/[redacted]' } });
    for (const on of ['plan', 'start', 'check'] as const) {
      const thrown = scrubbedTarget(leaky(on), scrub);
      const call = on === 'plan' ? thrown.plan(planJob(JOB)) : on === 'start' ? thrown.start(JOB) : thrown.check(JOB, { id: '1' });
      await expect(call).rejects.toThrow(/\[redacted\]/);
      await expect(call).rejects.not.toThrow(TOKEN);
    }
  });
});
