import { buildCommandRegistry } from '../../src/app/all-commands.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/chat/replies/reply.js';
import { harness } from '../helpers/harness.js';
import { configFromYaml, GOVERNANCE_YAML } from '../helpers/test-config.js';
import { deploymentsOf, KEY, MODEL, type NlSetup, nlSetup, textOf } from './nl-setup.js';

let env: NlSetup | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

const confirmOf = (r: Reply) => r.buttons!.find((b) => b.label === 'Confirm')!.action;
const cancelOf = (r: Reply) => r.buttons!.find((b) => b.label === 'Cancel')!.action;

async function askDeploy(e: NlSetup, args: Record<string, unknown> = { model: 'fraud-detector', version: '2', env: 'production', reason: 'better recall' }, as = 'alice') {
  e.llm.answerToolCall('deploy', args);
  return e.h.say('/mlops ask please ship fraud-detector v2 to production, better recall', as);
}

describe('natural language: the request sent to the model', () => {
  it('carries the question, the configured model and key, and one function per chat verb generated from the declarations', async () => {
    env = await nlSetup();
    env.llm.answerToolCall('status', { model: 'fraud-detector' });
    await env.h.say("/mlops ask what's live in production for fraud-detector?");
    const req = env.llm.last();
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body.model).toBe(MODEL);
    // the text exactly as typed: the apostrophe is a word, not an unclosed quote
    expect(req.body.messages.at(-1)).toEqual({ role: 'user', content: "what's live in production for fraud-detector?" });
    const system = req.body.messages[0]!.content;
    expect(system).toContain('Environments: staging, production.');
    expect(system).toContain('Registered models: fraud-detector.');

    const names = req.body.tools!.map((t) => t.function.name).sort();
    expect(names).toEqual(buildCommandRegistry().names('chat').filter((n) => n !== 'ask').sort());
    const deploy = req.body.tools!.find((t) => t.function.name === 'deploy')!;
    expect(deploy.type).toBe('function');
    expect(deploy.function.description).toBe(buildCommandRegistry().get('deploy')!.summary);
    const p = deploy.function.parameters!;
    expect(Object.keys(p.properties)).toEqual(['model', 'version', 'env', 'reason']);
    expect(p.required).toEqual(['model', 'version', 'env']);
    expect(p.additionalProperties).toBe(false);
    expect(p.properties.env).toMatchObject({ type: 'string', enum: ['staging', 'production'] });
    expect(p.properties.reason).toMatchObject({ type: 'string' });
    expect(p.properties.reason.description).toContain('--reason TEXT');
    // a repeatable flag is an array, a switch a boolean; a guarded positional is optional
    const register = req.body.tools!.find((t) => t.function.name === 'register')!.function.parameters!;
    expect(register.properties.metric).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(register.properties.newModel).toMatchObject({ type: 'boolean' });
    const rollback = req.body.tools!.find((t) => t.function.name === 'rollback')!.function.parameters!;
    expect(rollback.required).toEqual(['model', 'env']);
  });
});

describe('natural language: reads run at once', () => {
  it('runs a read command straight away and shows what it understood', async () => {
    env = await nlSetup();
    env.llm.answerToolCall('versions', { model: 'fraud-detector', limit: '1' });
    const r = await env.h.say("/mlops ask what's the newest version of fraud-detector?");
    expect(r.error).toBeUndefined();
    expect(r.buttons ?? []).toEqual([]);
    expect(textOf(r)).toContain('Understood as: `/mlops versions fraud-detector --limit 1`');
    const typed = await env.h.say('/mlops versions fraud-detector --limit 1');
    expect(r.data).toEqual(typed.data);
    expect(await env.h.store.read.pendingCommands.byId(1)).toBeNull();
  });
});

describe('natural language: changes wait for the asker to confirm', () => {
  it('does not run a deploy: it shows the command privately with [Confirm] [Cancel], and Confirm runs it as a typed deploy would', async () => {
    env = await nlSetup();
    const r = await askDeploy(env);
    expect(r.error).toBeUndefined();
    expect(r.ephemeral).toBe(true);
    expect(textOf(r)).toContain('Understood as: `/mlops deploy fraud-detector 2 to production --reason "better recall"`');
    expect(r.buttons!.map((b) => [b.label, b.action.a])).toEqual([
      ['Confirm', 'confirm'],
      ['Cancel', 'cancel'],
    ]);
    expect(r.out).toContain('Nothing has run yet');
    expect(await deploymentsOf(env.h)).toEqual([]);

    const c = await env.h.click(confirmOf(r), 'alice');
    expect(c.error).toBeUndefined();
    expect(c.out).toContain('Confirmed by @alice: /mlops deploy fraud-detector 2 to production --reason "better recall" ran');
    const ds = await deploymentsOf(env.h);
    expect(ds.map((d) => [d.version, d.environment, d.status, d.requestedBy, d.reason ?? d.requestReason])).toEqual([[2, 'production', 'awaiting_approval', 'console:alice', 'better recall']]);
    // the approval card went to the channel where it was asked, and is tracked for live updates
    const card = env.h.publisher.posts.find((p) => p.reply.card?.kind === 'deployment');
    expect(card?.target).toMatchObject({ platform: 'console', channelId: 'console' });
    expect(card?.reply.title).toBe('Deploy fraud-detector v2 to production');
    expect(await env.h.store.read.cards.messages('deployment', String(ds[0]!.id))).toHaveLength(1);
  });

  it('refuses a Confirm from anyone but the person who asked, privately, and runs nothing', async () => {
    env = await nlSetup();
    const r = await askDeploy(env);
    const other = await env.h.click(confirmOf(r), 'erin'); // may deploy too, but did not ask
    expect(other.error).toBe('forbidden');
    expect(other.ephemeral).toBe(true);
    expect(other.out).toContain('Only @alice, who asked, can confirm');
    expect(await deploymentsOf(env.h)).toEqual([]);
    // still valid for the asker
    expect((await env.h.click(confirmOf(r), 'alice')).error).toBeUndefined();
    expect(await deploymentsOf(env.h)).toHaveLength(1);
  });

  it('runs a double-clicked Confirm once: exactly one deployment request', async () => {
    env = await nlSetup();
    const r = await askDeploy(env);
    const [a, b] = await Promise.all([env.h.click(confirmOf(r), 'alice'), env.h.click(confirmOf(r), 'alice')]);
    expect([a.error, b.error].sort()).toEqual(['conflict', undefined].sort());
    expect([a, b].find((x) => x.error)!.out).toContain('was already confirmed');
    expect(await deploymentsOf(env.h)).toHaveLength(1);
    expect(env.h.publisher.posts.filter((p) => p.reply.card)).toHaveLength(1);
  });

  it('refuses an expired confirmation (10 minutes) and runs nothing', async () => {
    env = await nlSetup();
    const r = await askDeploy(env);
    env.h.clock.advance(10 * 60_000 + 1000);
    const late = await env.h.click(confirmOf(r), 'alice');
    expect(late.error).toBe('expired');
    expect(late.out).toContain('expired at 12:10 UTC');
    expect(late.out).toContain('did not run');
    expect(await deploymentsOf(env.h)).toEqual([]);
  });

  it('Cancel drops it: a later Confirm is refused', async () => {
    env = await nlSetup();
    const r = await askDeploy(env);
    const x = await env.h.click(cancelOf(r), 'alice');
    expect(x.out).toContain('Cancelled: /mlops deploy fraud-detector 2 to production --reason "better recall" did not run.');
    const c = await env.h.click(confirmOf(r), 'alice');
    expect(c.error).toBe('conflict');
    expect(c.out).toContain('was cancelled');
    expect(await deploymentsOf(env.h)).toEqual([]);
  });

  it('checks roles again at the click: someone who lost the role by then is refused', async () => {
    env = await nlSetup();
    // zed holds ml-engineer directly when asking (as an API token or group would give it), not when confirming
    const r = await askDeploy(env, undefined, { platform: 'console', id: 'zed', roles: ['ml-engineer'] } as never);
    expect(r.buttons).toHaveLength(2);
    const c = await env.h.click(confirmOf(r), 'zed');
    expect(c.error).toBe('forbidden');
    expect(c.out).toContain('You are not allowed to deploy in production');
    expect(await deploymentsOf(env.h)).toEqual([]);
  });

  it('refuses at once, with no Confirm, someone whose role does not allow the command', async () => {
    env = await nlSetup();
    const r = await askDeploy(env, undefined, 'bob');
    expect(r.error).toBe('forbidden');
    expect(r.buttons ?? []).toEqual([]);
    expect(r.out).toContain('You are not allowed to deploy in production');
    expect(await env.h.store.read.pendingCommands.byId(1)).toBeNull();
  });

  it('keeps quotes and apostrophes of values intact through the command line', async () => {
    env = await nlSetup();
    const reason = 'it\'s "better" \\ faster';
    const r = await askDeploy(env, { model: 'fraud-detector', version: 'v2', env: 'staging', reason });
    expect(textOf(r)).toContain('Understood as: `/mlops deploy fraud-detector v2 to staging --reason "it\'s \\"better\\" \\\\ faster"`');
    await env.h.click(confirmOf(r), 'alice');
    const [d] = await deploymentsOf(env.h);
    expect(d?.reason ?? d?.requestReason).toBe(reason);
  });
});

describe('natural language: invalid or unusable answers are refused, never guessed', () => {
  it('refuses an answer with text PostgreSQL cannot store, and stores no pending command', async () => {
    env = await nlSetup();
    const r = await askDeploy(env, { model: 'fraud-detector', version: '2', env: 'production', reason: 'nul\u0000here' });
    expect(r.error).toBe('bad_input');
    expect(r.out).toContain('NUL character (U+0000)');
    expect(r.buttons ?? []).toEqual([]);
    expect(await deploymentsOf(env.h)).toEqual([]);
  });

  it('refuses a bad argument from the model with the same message as the typed command', async () => {
    env = await nlSetup();
    const r = await askDeploy(env, { model: 'fraud-detector', version: '2', env: 'prod' });
    const typed = await env.h.say('/mlops deploy fraud-detector 2 to prod', 'alice');
    expect(r.error).toBe('bad_input');
    expect(textOf(r)).toContain('Understood as: `/mlops deploy fraud-detector 2 to prod`');
    expect(textOf(r)).toContain('`prod` is not an environment. Did you mean `production`?');
    expect(textOf(r)).toContain(textOf(typed));
    expect(r.buttons ?? []).toEqual([]);
    expect(await env.h.store.read.pendingCommands.byId(1)).toBeNull();
  });

  it('refuses arguments the verb does not take, and a missing required one, with the parser\'s messages', async () => {
    env = await nlSetup();
    const extra = await askDeploy(env, { model: 'fraud-detector', version: '2', env: 'production', force: true });
    expect(textOf(extra)).toContain('`deploy` has no option --force.');
    const missing = await askDeploy(env, { model: 'fraud-detector', env: 'production' });
    expect(textOf(missing)).toContain('Understood as: `/mlops deploy fraud-detector`');
    expect(textOf(missing)).toContain('`deploy` needs <version>');
    expect(await deploymentsOf(env.h)).toEqual([]);
  });

  it('answers a plain-text reply (no function call) with "I could not turn that into a command"', async () => {
    env = await nlSetup();
    env.llm.answerText('fraud-detector v2 is live in production.');
    const r = await env.h.say('/mlops ask is fraud-detector healthy?');
    expect(r.error).toBe('bad_input');
    expect(textOf(r)).toBe('I could not turn that into a command; try `/mlops help`.');
    // the model's own claim is never shown as if it were Steward's answer
    expect(r.out).not.toContain('is live in production');
  });

  it('refuses several function calls, an unknown function and broken JSON arguments', async () => {
    env = await nlSetup();
    env.llm.answerToolCalls([
      { name: 'deploy', args: { model: 'fraud-detector', version: '2', env: 'staging' } },
      { name: 'deploy', args: { model: 'fraud-detector', version: '2', env: 'production' } },
    ]);
    expect(textOf(await env.h.say('/mlops ask deploy v2 everywhere'))).toContain('That asks for 2 commands at once');
    env.llm.answerToolCall('drop_database', {});
    expect(textOf(await env.h.say('/mlops ask wipe it'))).toContain('`drop_database`, which is not a Steward command');
    env.llm.answerToolCall('status', '{"model": "fraud-');
    expect(textOf(await env.h.say('/mlops ask status'))).toContain('were not valid JSON');
    expect(await env.h.store.read.pendingCommands.byId(1)).toBeNull();
  });
});

describe('natural language: when it is off or the server fails', () => {
  it('says plainly that natural language is not configured', async () => {
    const h = harness({ config: configFromYaml(GOVERNANCE_YAML) });
    const r = await h.say("/mlops ask what's live?");
    expect(r.error).toBe('unavailable');
    expect(textOf(r)).toContain('Natural language is not configured; use `/mlops help`');
  });

  it('gives one clear line when the model server is down (connection refused), quickly', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const h = harness({ config: configFromYaml(GOVERNANCE_YAML, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, STEWARD_LLM_MODEL: MODEL }) });
    const t0 = Date.now();
    const r = await h.say('/mlops ask what is live in production?');
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.error).toBe('unavailable');
    expect(r.blocks).toHaveLength(1);
    expect(textOf(r)).toBe(`Natural language is unavailable: cannot reach the model server at 127.0.0.1:${port}; type the command instead (\`/mlops help\`).`);
  });

  it('names the setting to check when the server refuses the key, and gives up after the timeout', async () => {
    env = await nlSetup({ env: { STEWARD_LLM_TIMEOUT_SECONDS: '1' } });
    env.llm.answerStatus(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    expect(textOf(await env.h.say('/mlops ask status'))).toContain("refused Steward's API key (401); an admin should check OPENAI_API_KEY");
    env.llm.answerNever();
    const t0 = Date.now();
    const slow = await env.h.say('/mlops ask status');
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(textOf(slow)).toContain('did not answer within 1 s');
  });

  it('lists ask in help', async () => {
    env = await nlSetup();
    const help = await env.h.say('/mlops help ask');
    expect(help.out).toContain('/mlops ask <question…>');
    expect(help.out).toContain("ask what's live in production for fraud-detector?");
  });
});
