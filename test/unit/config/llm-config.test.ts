import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.js';
import { formatProblems, loadConfig } from '../../../src/config/load-config.js';

const KEY = 'sk-proj-very-secret-0123456789';
const base = { STEWARD_DATA_DIR: '/tmp/sd' };
const load = (env: Record<string, string>) => loadConfig({ ...base, ...env }, '/nonexistent-steward-cwd');

describe('natural-language settings', () => {
  it('is off when OPENAI_API_KEY is unset', () => {
    const r = load({});
    expect(r.ok && r.config.llm).toBeNull();
  });

  it('defaults to OpenAI and gpt-4o-mini with a 20 s timeout when only the key is set', () => {
    const r = load({ OPENAI_API_KEY: KEY });
    expect(r.ok && r.config.llm).toEqual({ apiKey: KEY, baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', timeoutMs: 20_000 });
  });

  it('takes any OpenAI-compatible server, which must name its model', () => {
    const r = load({ OPENAI_API_KEY: 'ollama', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1/', STEWARD_LLM_MODEL: 'llama3.1:8b', STEWARD_LLM_TIMEOUT_SECONDS: '45' });
    expect(r.ok && r.config.llm).toEqual({ apiKey: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1:8b', timeoutMs: 45_000 });
    const noModel = load({ OPENAI_API_KEY: 'x', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' });
    expect(noModel.ok).toBe(false);
    if (!noModel.ok) expect(formatProblems(noModel.problems)).toContain('env: STEWARD_LLM_MODEL: OPENAI_BASE_URL points at your own server: set STEWARD_LLM_MODEL');
  });

  it('reports a server or model set without a key, and a bad URL, with the fix — never echoing the key', () => {
    const r = load({ OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1', STEWARD_LLM_MODEL: 'm' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatProblems(r.problems)).toContain('env: OPENAI_API_KEY: OPENAI_BASE_URL and STEWARD_LLM_MODEL are set but OPENAI_API_KEY is not');
    const bad = load({ OPENAI_API_KEY: `${KEY} extra`, OPENAI_BASE_URL: 'ftp://x', STEWARD_LLM_TIMEOUT_SECONDS: '0' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const text = formatProblems(bad.problems);
    expect(text).toContain('env: OPENAI_API_KEY: OPENAI_API_KEY is one word');
    expect(text).toContain('env: OPENAI_BASE_URL: OPENAI_BASE_URL is the http(s) URL');
    expect(text).toContain('env: STEWARD_LLM_TIMEOUT_SECONDS');
    expect(text).not.toContain(KEY);
  });

  it('never writes the key to the log', () => {
    const r = load({ OPENAI_API_KEY: KEY });
    if (!r.ok) throw new Error(formatProblems(r.problems));
    const lines: string[] = [];
    const log = createLogger('info', new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) as never);
    log.info({ config: r.config }, 'config');
    log.info({ llm: r.config.llm }, 'llm');
    log.info({ apiKey: KEY, env: { OPENAI_API_KEY: KEY } }, 'raw');
    const out = lines.join('');
    expect(out).toContain('gpt-4o-mini');
    expect(out).not.toContain(KEY);
  });
});
