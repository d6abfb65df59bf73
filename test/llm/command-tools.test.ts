import { describe, expect, it } from 'vitest';
import { buildCommandRegistry } from '../../src/app/all-commands.js';
import { tokenize } from '../../src/chat/tokenize.js';
import { parseArgs } from '../../src/chat/parse-args.js';
import { buildCommandCatalog, commandLine, quoteToken, toolFor } from '../../src/llm/chat/command-tools.js';

const registry = buildCommandRegistry();
const opts = { prefix: '/mlops', environments: ['staging', 'production'] };
const spec = (name: string) => registry.get(name)!;
const catalog = buildCommandCatalog(registry.list('chat').filter((s) => s.name !== 'ask'), opts);

/** What the dispatcher's parser reads back from a generated line. */
const parsed = (line: string) => {
  const toks = tokenize(line);
  if (!toks.ok) throw new Error(toks.error.message);
  const [, verb, ...rest] = toks.value;
  return parseArgs(spec(verb!), rest);
};

describe('functions generated from the command declarations', () => {
  it('has one function per chat verb with its summary, and none hand-written', () => {
    expect(catalog.tools.map((t) => t.name)).toEqual(registry.names('chat').filter((n) => n !== 'ask'));
    for (const t of catalog.tools) {
      expect(t.description).toBe(spec(t.name).summary);
      expect(t.parameters).toMatchObject({ type: 'object', additionalProperties: false });
    }
  });

  it('turns positionals into required or optional strings, environments into an enum, flags into strings, arrays and booleans', () => {
    expect(toolFor(spec('history'), opts).parameters).toMatchObject({
      properties: { model: { type: 'string' }, env: { type: 'string', enum: ['staging', 'production'] }, limit: { type: 'string' } },
      required: ['model'],
    });
    const sub = toolFor(spec('subscribe'), opts).parameters as { properties: Record<string, { description: string }>; required: string[] };
    expect(sub.required).toEqual(['model']);
    expect(sub.properties.events!.description).toContain('free text');
  });
});

describe('a function call -> the canonical command line', () => {
  it('writes literals, quotes values with spaces and puts flags after the positionals', () => {
    const r = catalog.toCommand('rollback', { model: 'fraud-detector', env: 'production', version: 5, reason: 'latency spike' });
    expect(r.ok && r.value).toEqual({ command: '/mlops rollback fraud-detector in production to 5 --reason "latency spike"', verb: 'rollback', risk: 'destructive', explanation: spec('rollback').summary });
    expect(catalog.toCommand('rollback', { model: 'fraud-detector', env: 'production' })).toMatchObject({ ok: true, value: { command: '/mlops rollback fraud-detector in production' } });
  });

  it('writes repeated flags once per value, switches bare, and nulls as absent', () => {
    const line = commandLine(spec('register'), { model: 'fd', artifactUri: 's3://m/3', metric: ['auc=0.9', 'f1=0.8'], newModel: true, sha256: null }, '/mlops');
    expect(line).toBe('/mlops register fd s3://m/3 --metric auc=0.9 --metric f1=0.8 --new-model');
    expect(parsed(line)).toEqual({ ok: true, value: { model: 'fd', artifactUri: 's3://m/3', metric: ['auc=0.9', 'f1=0.8'], newModel: true } });
  });

  it('writes wrong shapes so the parser refuses them with its own message, never fixing them', () => {
    expect(parsed(commandLine(spec('register'), { model: 'fd', artifactUri: 's3://x', newModel: 'yes' }, '/mlops'))).toMatchObject({ ok: false, error: { message: '--new-model is a switch and takes no value' } });
    expect(parsed(commandLine(spec('deploy'), { model: 'fd', version: '1', env: 'staging', reason: true }, '/mlops'))).toMatchObject({ ok: false, error: { message: '--reason needs a value: --reason TEXT' } });
    expect(parsed(commandLine(spec('deploy'), { model: 'fd', version: '1', env: 'staging', to: 'x' }, '/mlops'))).toMatchObject({ ok: false, error: { message: '`deploy` has no option --to.' } });
    expect(parsed(commandLine(spec('deploy'), { model: 'fd', version: '1', env: 'staging', 'dry run': 'yes please' }, '/mlops'))).toMatchObject({ ok: false, error: { message: '`deploy` has no option --dry run.' } });
    expect(parsed(commandLine(spec('register'), { model: 'fd', artifactUri: 's3://x', newModel: 'yes, "really"' }, '/mlops'))).toMatchObject({ ok: false, error: { message: '--new-model is a switch and takes no value' } });
  });

  it('keeps a positional that looks like an option a positional (after "--")', () => {
    const line = commandLine(spec('lock'), { model: 'fd', env: 'production', reason: '--force is needed' }, '/mlops');
    expect(line).toBe('/mlops lock -- fd production "--force is needed"');
    expect(parsed(line)).toEqual({ ok: true, value: { model: 'fd', env: 'production', reason: '--force is needed' } });
  });

  it('refuses calls that cannot be a line: an unknown function, arguments that are not named values', () => {
    expect(catalog.toCommand('ask', { question: 'x' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(catalog.toCommand('deploy', ['fd', '1'])).toMatchObject({ ok: false, error: { message: expect.stringContaining('not named values') } });
  });
});

describe('quoteToken', () => {
  it('round-trips any text through the tokenizer as one token', () => {
    const samples = ['plain', '', 'two words', "it's", 'say "hi"', 'back\\slash', 'end\\', '\\"', 'tab\there', 'new\nline', "mixed 'single' and \"double\" \\ all", '  padded  ', 'a=b,c'];
    for (const s of samples) {
      const t = tokenize(`x ${quoteToken(s)} y`);
      expect(t).toEqual({ ok: true, value: ['x', s, 'y'] });
    }
    // typographic quotes are read as straight ones by the tokenizer; they stay inside the token
    expect(tokenize(quoteToken('“smart” ‘quotes’'))).toEqual({ ok: true, value: ['"smart" \'quotes\''] });
  });

  it('leaves simple values bare', () => {
    expect(quoteToken('fraud-detector')).toBe('fraud-detector');
    expect(quoteToken('s3://m/1.pkl')).toBe('s3://m/1.pkl');
  });
});
