import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CommandRegistry } from '../../../src/chat/command-registry.js';
import { defineCommand } from '../../../src/chat/command-spec.js';
import { parseArgs } from '../../../src/chat/parse-args.js';
import { tokenize } from '../../../src/chat/tokenize.js';
import { usageLine } from '../../../src/chat/usage.js';
import { ok } from '../../../src/core/result.js';
import { suggest } from '../../../src/core/suggest.js';

const deploy = defineCommand({
  name: 'deploy',
  summary: 's',
  syntax: [{ name: 'model' }, { name: 'version' }, { literal: 'to' }, { name: 'env', kind: 'environment' }],
  flags: [{ name: 'reason', value: 'TEXT', summary: 'r' }, { name: 'dryRun', summary: 'd' }],
  schema: z.any(),
  risk: 'write',
  run: async () => ok({ blocks: [] }),
});
const rollback = defineCommand({
  name: 'rollback',
  summary: 's',
  syntax: [{ name: 'model' }, { literal: 'in' }, { name: 'env' }, { literal: 'to', optional: true }, { name: 'version' }],
  schema: z.any(),
  risk: 'destructive',
  run: async () => ok({ blocks: [] }),
});
const reject = defineCommand({ name: 'reject', summary: 's', syntax: [{ name: 'id' }, { name: 'reason', rest: true }], schema: z.any(), risk: 'write', run: async () => ok({ blocks: [] }) });

const val = <T>(r: { ok: boolean; value?: T }) => (r.ok ? r.value : r);

describe('tokenize', () => {
  it('splits on whitespace and groups quotes, including chat clients’ smart quotes', () => {
    expect(val(tokenize(`schedule drift * "0 9 * * 1" --tz 'Europe/Madrid'`))).toEqual(['schedule', 'drift', '*', '0 9 * * 1', '--tz', 'Europe/Madrid']);
    expect(val(tokenize('reject 12 “not yet, see thread”'))).toEqual(['reject', '12', 'not yet, see thread']);
    expect(val(tokenize('a "b \\" c" ""'))).toEqual(['a', 'b " c', '']);
  });
});

describe('parseArgs', () => {
  it('matches keywords and flags anywhere', () => {
    expect(val(parseArgs(deploy, ['fd', '7', 'to', 'production', '--reason', 'hotfix', '--dry-run']))).toEqual({ model: 'fd', version: '7', env: 'production', reason: 'hotfix', dryRun: true });
    expect(val(parseArgs(deploy, ['--reason=x y', 'fd', '7', 'TO', 'staging']))).toMatchObject({ reason: 'x y', env: 'staging' });
  });
  it('refuses a wrong keyword, a missing argument, leftovers, a value on a switch', () => {
    expect(parseArgs(deploy, ['fd', '7', 'into', 'production'])).toMatchObject({ ok: false, error: { message: 'expected `to`, got `into`' } });
    expect(parseArgs(deploy, ['fd', '7', 'to'])).toMatchObject({ ok: false, error: { message: '`deploy` needs <env>' } });
    expect(parseArgs(deploy, ['fd', '7', 'to', 'prod', 'now'])).toMatchObject({ ok: false, error: { message: 'unexpected `now` after `deploy`' } });
    expect(parseArgs(deploy, ['fd', '7', 'to', 'prod', '--dry-run=yes'])).toMatchObject({ ok: false });
    expect(parseArgs(deploy, ['fd', '7', 'to', 'prod', '--reason'])).toMatchObject({ ok: false, error: { message: '--reason needs a value: --reason TEXT' } });
  });
  it('handles an optional keyword group and a rest argument', () => {
    expect(val(parseArgs(rollback, ['fd', 'in', 'production']))).toEqual({ model: 'fd', env: 'production' });
    expect(val(parseArgs(rollback, ['fd', 'in', 'production', 'to', '5']))).toEqual({ model: 'fd', env: 'production', version: '5' });
    expect(parseArgs(rollback, ['fd', 'in', 'production', '5'])).toMatchObject({ ok: false });
    expect(val(parseArgs(reject, ['12', 'fails', 'the', 'fairness', 'gate']))).toEqual({ id: '12', reason: 'fails the fairness gate' });
    expect(parseArgs(reject, ['12'])).toMatchObject({ ok: false, error: { message: '`reject` needs <reason…>'.replace('…', '') } });
  });
  it('generates usage from the declaration', () => {
    expect(usageLine(deploy, '/mlops')).toBe('/mlops deploy <model> <version> to <env> [--reason TEXT] [--dry-run]');
    expect(usageLine(rollback, '/mlops')).toBe('/mlops rollback <model> in <env> [to <version>]');
  });
});

describe('command registry', () => {
  it('refuses two declarations with the same name at start', () => {
    expect(() => new CommandRegistry([deploy, rollback, { ...deploy }])).toThrow('command "deploy" is declared twice');
  });
});

describe('suggest', () => {
  it('offers close names first and nothing for unrelated input', () => {
    expect(suggest('prodution', ['staging', 'production'])).toEqual(['production']);
    expect(suggest('histroy', ['history', 'help', 'models'])).toEqual(['history']);
    expect(suggest('zzzzzz', ['history', 'models'])).toEqual([]);
  });
});
