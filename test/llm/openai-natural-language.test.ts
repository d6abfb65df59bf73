import { afterEach, describe, expect, it } from 'vitest';
import { buildCommandRegistry } from '../../src/app/all-commands.js';
import type { Logger } from '../../src/ports/logger.js';
import type { NlContext } from '../../src/llm/domain/natural-language.js';
import { buildCommandCatalog } from '../../src/llm/chat/command-tools.js';
import { openAiNaturalLanguage } from '../../src/llm/openai-natural-language.js';
import { apiError, OpenAiStandIn } from '../fakes/openai-stand-in.js';

const KEY = 'sk-proj-abcdefghijklmnop-0123456789';
const registry = buildCommandRegistry();
const ctx: NlContext = {
  catalog: buildCommandCatalog(registry.list('chat').filter((s) => s.name !== 'ask'), { prefix: '/mlops', environments: ['staging', 'production'] }),
  environments: ['staging', 'production'],
  models: ['fraud-detector'],
  prefix: '/mlops',
  now: new Date('2026-11-27T12:00:00Z'),
};

class Capture implements Logger {
  readonly lines: string[] = [];
  info = (o: object, m?: string) => void this.lines.push(`info ${JSON.stringify(o)} ${m ?? ''}`);
  warn = (o: object, m?: string) => void this.lines.push(`warn ${JSON.stringify(o)} ${m ?? ''}`);
  error = (o: object, m?: string) => void this.lines.push(`error ${JSON.stringify(o)} ${m ?? ''}`);
  debug = (o: object, m?: string) => void this.lines.push(`debug ${JSON.stringify(o)} ${m ?? ''}`);
}

let llm: OpenAiStandIn | null = null;
afterEach(async () => {
  await llm?.close();
  llm = null;
});

async function port(log = new Capture()) {
  llm = await new OpenAiStandIn({ apiKey: KEY }).start();
  return { nl: openAiNaturalLanguage({ apiKey: KEY, baseUrl: llm.baseUrl, model: 'm', timeoutMs: 5000 }, log), log, llm };
}

describe('the OpenAI-compatible NaturalLanguage port', () => {
  it('turns the function call into the interpretation, with the risk from the declaration', async () => {
    const { nl, llm: l } = await port();
    l.answerToolCall('rollback', { model: 'fraud-detector', env: 'production' });
    expect(await nl.interpret('undo the last production deploy of fraud-detector', ctx)).toEqual({
      ok: true,
      value: { command: '/mlops rollback fraud-detector in production', verb: 'rollback', risk: 'destructive', explanation: registry.get('rollback')!.summary },
    });
    expect(l.last().body).toMatchObject({ model: 'm', temperature: 0, tool_choice: 'auto' });
  });

  it('never logs the key, even when the server echoes it back in an error', async () => {
    const { nl, log, llm: l } = await port();
    l.answerStatus(401, apiError(`Incorrect API key provided: ${KEY}.`, 'invalid_request_error', 'invalid_api_key'));
    const r = await nl.interpret('status', ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('an admin should check OPENAI_API_KEY') } });
    expect(log.lines.join('\n')).toContain('"status":401');
    expect(log.lines.join('\n')).not.toContain(KEY);
    expect(JSON.stringify(r)).not.toContain(KEY);
  });

  it('names the model setting on 404, and the base URL when the answer is not a chat completion', async () => {
    const { nl, llm: l } = await port();
    l.answerStatus(404, apiError('The model `m` does not exist', 'invalid_request_error', 'model_not_found'));
    expect(await nl.interpret('status', ctx)).toMatchObject({ ok: false, error: { message: expect.stringContaining('does not know model `m`') } });
    l.answerStatus(200, { hello: 'world' });
    expect(await nl.interpret('status', ctx)).toMatchObject({ ok: false, error: { message: expect.stringContaining('OPENAI_BASE_URL') } });
  });

  it('refuses an empty or over-long question without calling the server', async () => {
    const { nl, llm: l } = await port();
    expect(await nl.interpret('   ', ctx)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await nl.interpret('x'.repeat(2001), ctx)).toMatchObject({ ok: false, error: { message: 'That is 2001 characters; ask in at most 2000.' } });
    expect(l.requests).toHaveLength(0);
  });
});
