import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/app/seed-demo.js';
import { HEX64, harness } from '../../helpers/harness.js';

describe('register', () => {
  it('registers version 1 of a new model, then version 2, with metrics and lineage', async () => {
    const h = harness();
    const r1 = await h.say(`/mlops register fraud-detector s3://models/fd/1.pkl --sha256 ${HEX64('a')} --metric auc=0.91 --metric f1=0.7 --dataset s3://data/train.parquet --commit 1a2b3c4 --framework xgboost`);
    expect(r1.error).toBeUndefined();
    expect(r1.title).toBe('Registered fraud-detector v1');
    expect(r1.out).toContain('New model fraud-detector created.');
    const r2 = await h.say(`/mlops register fraud-detector s3://models/fd/2.pkl --sha256 ${HEX64('b')} --metric auc=0.93`);
    expect(r2.title).toBe('Registered fraud-detector v2');
    const v = await h.say('/mlops versions fraud-detector');
    expect(v.out).toMatch(/v2 .* @alice .* bbbbbbbbbbbb .* auc=0\.93/);
    expect(v.out).toMatch(/v1 .* aaaaaaaaaaaa .* auc=0\.91 f1=0\.7 .* 1a2b3c4/);
    expect(v.data).toMatchObject({ versions: [{ version: 2 }, { version: 1, dataset: { uri: 's3://data/train.parquet' }, codeCommit: '1a2b3c4', framework: 'xgboost' }] });
  });

  it('refuses the same sha256 twice for one model, and writes nothing', async () => {
    const h = harness();
    await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('c')}`);
    const again = await h.say(`register fraud-detector s3://m/other --sha256 ${HEX64('C')}`);
    expect(again.error).toBe('conflict');
    expect(again.out).toContain('fraud-detector v1 already has sha256 cccccccccccc');
    expect((await h.store.read.models.byName('fraud-detector'))!.latestVersion).toBe(1);
    // a different model may hold the same artifact
    expect((await h.say(`register churn s3://m/1 --sha256 ${HEX64('c')}`)).error).toBeUndefined();
  });

  it.each([
    ['--metric auc=abc', /--metric: auc must be a number, got abc/],
    [`--sha256 ${'a'.repeat(63)}`, /--sha256: a sha256 digest is 64 hex characters; this one has 63/],
    [`--sha256 ${'z'.repeat(64)}`, /non-hex/],
    ['--bogus', /has no option --bogus/],
    ['--metrc auc=1', /Did you mean --metric\?/],
    ['--commit xyz', /--commit: a commit is 7–40 hex characters/],
    ['extra-token', /unexpected extra-token after register/],
    ['--metric auc=1 --metric auc=2', /auc is given twice/],
  ])('refuses %s with a clear message and changes nothing', async (bad, message) => {
    const h = harness();
    const r = await h.say(`register fraud-detector s3://m/1 ${bad}`);
    expect(r.error).toBe('bad_input');
    expect(r.ephemeral).toBe(true);
    expect(r.out).toMatch(message);
    expect(r.out).toContain('Usage: /mlops register <model> <artifact-uri> [options]');
    expect(await h.store.read.models.names()).toEqual([]);
  });

  it('refuses a model name that is not a slug and an artifact that is not a URI', async () => {
    const h = harness();
    expect((await h.say('register Fraud_Detector s3://m/1')).out).toMatch(/<model>: Fraud_Detector is not a model name/);
    expect((await h.say('register fraud-detector notauri')).out).toMatch(/<artifact-uri>: notauri is not a URI/);
  });

  it('guards against typos: a name close to an existing model needs --new-model', async () => {
    const h = harness();
    await h.say('register fraud-detector s3://m/1');
    const typo = await h.say('register fraud-detecter s3://m/2');
    expect(typo.error).toBe('conflict');
    expect(typo.out).toContain('There is no model fraud-detecter; did you mean fraud-detector? To create a new model with this name, add --new-model.');
    expect(await h.store.read.models.names()).toEqual(['fraud-detector']);
    expect((await h.say('register fraud-detecter s3://m/2 --new-model')).title).toBe('Registered fraud-detecter v1');
  });
});

describe('read commands', () => {
  async function demo() {
    const h = harness();
    const r = await seedDemo(h.deps);
    expect(r.ok && r.value.seeded).toBe(true);
    return h;
  }

  it('models lists the demo models with the live version per environment', async () => {
    const h = await demo();
    const r = await h.say('/mlops models');
    expect(r.out).toMatch(/fraud-detector\s+risk-ml\s+v7\s+v7\s+v6/);
    expect(r.out).toMatch(/credit-risk-scorer\s+credit-ml\s+v5\s+v5\s+v4/);
  });

  it('history <model> production shows who deployed which version when, newest first', async () => {
    const h = await demo();
    const r = await h.say('/mlops history fraud-detector production');
    const lines = r.out.split('\n').filter((l) => /^\d+ /.test(l));
    expect(lines[0]).toMatch(/production\s+v6\s+deploy\s+succeeded\s+@alice\s+@bob, @dave/);
    expect(lines.some((l) => /v5\s+deploy\s+failed\s+@erin/.test(l))).toBe(true);
    expect(lines.every((l) => l.includes('production'))).toBe(true);
  });

  it('status --at answers what was live at a past moment', async () => {
    const h = await demo();
    const past = new Date(h.clock.now().getTime() - 4.5 * 86_400_000).toISOString();
    const r = await h.say(`status credit-risk-scorer --at ${past}`);
    expect(r.data).toMatchObject({ live: [{ environment: 'staging', version: 5 }, { environment: 'production', version: 5, by: 'console:ivan' }] });
    const now = await h.say('status credit-risk-scorer');
    expect(now.data).toMatchObject({ live: [{ environment: 'staging', version: 5 }, { environment: 'production', version: 4, by: 'console:dave' }] });
  });

  it('model shows lineage and the model card of the latest version', async () => {
    const h = await demo();
    const r = await h.say('model credit-risk-scorer');
    expect(r.out).toContain('Latest: v5');
    expect(r.out).toMatch(/Intended use:\s+Decision support for credit officers/);
    expect(r.out).toMatch(/Trained on:\s+s3:\/\/ml-data\/credit-risk-scorer\/train-/);
  });

  it('an unknown model gets "did you mean" and the list of models', async () => {
    const h = await demo();
    const r = await h.say('versions fraud-detektor');
    expect(r.error).toBe('not_found');
    expect(r.out).toContain('There is no model `fraud-detektor`. Did you mean `fraud-detector`?'.replace(/`/g, ''));
  });

  it('a mistyped environment is an error with a suggestion, never a default', async () => {
    const h = await demo();
    const r = await h.say('history fraud-detector prodution');
    expect(r.error).toBe('bad_input');
    expect(r.out).toContain('prodution is not an environment. Did you mean production?');
  });
});

describe('command language', () => {
  it('an unknown verb gets suggestions and a pointer to help', async () => {
    const h = harness();
    const r = await h.say('/mlops regster x y');
    expect(r.error).toBe('unknown_command');
    expect(r.out).toContain('regster is not a Steward command. Did you mean register?');
    expect(r.out).toContain('Try /mlops help');
  });

  it('help lists every verb from the declarations, and help <verb> shows its options', async () => {
    const h = harness();
    const all = await h.say('/mlops help');
    for (const v of ['models', 'model', 'versions', 'register', 'status', 'history', 'whoami', 'help']) expect(all.out).toMatch(new RegExp(`^${v}\\b`, 'm'));
    const one = await h.say('/mlops help register');
    expect(one.out).toContain('/mlops register <model> <artifact-uri>');
    expect(one.out).toMatch(/--metric NAME=VALUE \(repeatable\) — an evaluation metric/);
  });

  it('an unclosed quote is refused', async () => {
    const r = await harness().say('register "fraud s3://x');
    expect(r.out).toContain('quote is not closed');
  });

  it('whoami shows identity, roles and what the user may do', async () => {
    const r = await harness().say('/mlops whoami', 'bob');
    expect(r.data).toMatchObject({ identity: 'console:bob', roles: ['admin', 'viewer'], read: true, allowed: { register: true } });
  });

  it('a user without a role that grants the verb is refused, privately, with the role it needs', async () => {
    const h = harness();
    const r = await h.say('register fraud-detector s3://m/1', { platform: 'slack', id: 'U1' });
    expect(r.error).toBe('forbidden');
    expect(r.ephemeral).toBe(true);
    expect(r.out).toContain('You are not allowed to register: it needs the role admin');
    expect(await h.store.read.models.names()).toEqual([]);
  });
});
