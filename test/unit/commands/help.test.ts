import { describe, expect, it } from 'vitest';
import { buildCommandRegistry } from '../../../src/app/all-commands.js';
import { kebab } from '../../../src/chat/usage.js';
import { harness } from '../../helpers/harness.js';

const flat = (s: string) => s.replace(/`/g, '').replace(/\s+/g, ' ');

describe('help', () => {
  const registry = buildCommandRegistry();
  const h = harness();

  it('every verb has at least one example (a new verb without one fails here)', () => {
    const without = registry.list().filter((s) => !s.examples?.length).map((s) => s.name);
    expect(without).toEqual([]);
  });

  for (const spec of registry.list('chat')) {
    it(`help ${spec.name} shows its summary, every option's meaning and every example in full`, async () => {
      const r = await h.say(`/mlops help ${spec.name}`);
      expect(r.error).toBeUndefined();
      const out = flat(r.out);
      expect(out).toContain(flat(spec.summary));
      for (const f of spec.flags ?? []) {
        expect(out).toContain(`--${kebab(f.name)}`);
        expect(out).toContain(flat(f.summary));
      }
      for (const e of spec.examples ?? []) expect(out).toContain(flat(`/mlops ${e}`));
    });
  }

  it('the command list shows every summary in full', async () => {
    const out = flat((await h.say('/mlops help')).out);
    for (const spec of registry.list('chat')) expect(out, spec.name).toContain(flat(spec.summary));
  });

  it('<verb> --help and -h show the verb’s help instead of refusing the option', async () => {
    for (const line of ['/mlops deploy --help', '/mlops deploy -h', '/mlops register fraud-detector --help']) {
      const r = await h.say(line);
      expect(r.error, line).toBeUndefined();
      expect(r.title).toMatch(/^\/mlops (deploy|register)$/);
    }
    expect((await h.say('/mlops deploy --help')).out).toContain('--reason TEXT — why, shown to approvers');
  });
});

describe('numbers in command arguments', () => {
  const h = harness();
  it('--limit two and --drift-share lots say what to type, never "expected number, received NaN"', async () => {
    for (const [line, msg] of [
      ['/mlops versions fraud-detector --limit two', '--limit: give a whole number from 1 to 1000; got two'],
      ['/mlops history fraud-detector --limit 0', '--limit: give a whole number from 1 to 500; got 0'],
      ['/mlops audit --limit 2.5', '--limit: give a whole number from 1 to 200; got 2.5'],
      ['/mlops register fraud-detector s3://m/1 --drift-share lots', '--drift-share: give a share between 0 and 1, e.g. 0.25; got lots'],
    ]) {
      const r = await h.say(line!);
      expect(r.error, line).toBe('bad_input');
      expect(flat(r.out)).toContain(msg);
      expect(r.out).not.toMatch(/NaN|expected number/);
    }
    expect((await h.say('/mlops audit --limit 3')).error).toBeUndefined();
  });
});
