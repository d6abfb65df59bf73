import { describe, expect, it } from 'vitest';
import { formatProblems, loadConfig } from '../../../src/config/load-config.js';

const TOKEN = 'xoxb-123-456-abcdefSECRETxyz';
const SECRET = '8f742231b10e8888abcd99eee85a5eee';
const load = (env: Record<string, string>) => loadConfig({ STEWARD_DATA_DIR: '/tmp/x', ...env }, '/nonexistent-steward-cwd');

describe('Slack settings in the config', () => {
  it('is off without SLACK_BOT_TOKEN', () => {
    const r = load({});
    expect(r.ok && r.config.slack).toBeNull();
  });

  it('chooses HTTP mode when a signing secret is set, with /mlops and Slack\'s API by default', () => {
    const r = load({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, STEWARD_HTTP_PORT: '3000' });
    expect(r.ok && r.config.slack).toEqual({ mode: 'http', botToken: TOKEN, signingSecret: SECRET, appToken: null, command: '/mlops', apiUrl: 'https://slack.com/api/', identityTtlMs: 60_000 });
  });

  it('chooses Socket Mode with only an app token, and honours SLACK_COMMAND, SLACK_API_URL and the TTL', () => {
    const r = load({ SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: 'xapp-1-A1-2-abc', SLACK_COMMAND: '/steward', SLACK_API_URL: 'http://127.0.0.1:9/api', SLACK_IDENTITY_TTL_SECONDS: '5' });
    expect(r.ok && r.config.slack).toMatchObject({ mode: 'socket', appToken: 'xapp-1-A1-2-abc', command: '/steward', apiUrl: 'http://127.0.0.1:9/api/', identityTtlMs: 5000 });
  });

  it('reports every Slack problem at once, naming the variable and the fix, never echoing a token', () => {
    const r = load({ SLACK_BOT_TOKEN: 'xoxp-user-token-SECRET', SLACK_MODE: 'websocket', SLACK_COMMAND: 'mlops' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = formatProblems(r.problems);
    expect(text).toContain('env: SLACK_BOT_TOKEN: SLACK_BOT_TOKEN is the Bot User OAuth Token (starts with xoxb-)');
    expect(text).toContain('env: SLACK_MODE: SLACK_MODE is http');
    expect(text).toContain('env: SLACK_COMMAND: SLACK_COMMAND is the slash command as created in Slack, e.g. /mlops');
    expect(text).not.toContain('SECRET');
  });

  it("accepts the non-hex signing secret from Slack's documentation", () => {
    const r = load({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5', STEWARD_HTTP_PORT: '3000' });
    expect(r.ok && r.config.slack?.signingSecret).toBe('8f742231b10e8888abcd99yyyzzz85a5');
  });

  it.each([
    ['empty', ''],
    ['with a space inside', '8f742231b10e8888 abcd99yyyzzz85a5'],
    ['with a trailing line break (pasted)', `${SECRET}\n`],
    ['with a leading space', ` ${SECRET}`],
  ])('refuses a signing secret %s with one line naming SLACK_SIGNING_SECRET, never echoing it', (_what, secret) => {
    const r = load({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: secret, STEWARD_HTTP_PORT: '3000' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([{ where: 'env: SLACK_SIGNING_SECRET', message: expect.stringContaining('SLACK_SIGNING_SECRET is the "Signing Secret"') }]);
    if (secret.trim()) expect(formatProblems(r.problems)).not.toContain(secret.trim());
  });

  it('asks for what each mode needs: HTTP mode a signing secret and a port, Socket Mode an app token', () => {
    const http = load({ SLACK_BOT_TOKEN: TOKEN, SLACK_MODE: 'http' });
    expect(!http.ok && formatProblems(http.problems)).toContain('env: SLACK_SIGNING_SECRET: HTTP mode needs SLACK_SIGNING_SECRET');
    const port = load({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET });
    expect(!port.ok && formatProblems(port.problems)).toContain('env: STEWARD_HTTP_PORT: Slack HTTP mode needs STEWARD_HTTP_PORT');
    const socket = load({ SLACK_BOT_TOKEN: TOKEN, SLACK_MODE: 'socket' });
    expect(!socket.ok && formatProblems(socket.problems)).toContain('env: SLACK_APP_TOKEN: Socket Mode needs SLACK_APP_TOKEN');
    const orphan = load({ SLACK_SIGNING_SECRET: SECRET });
    expect(!orphan.ok && formatProblems(orphan.problems)).toContain('env: SLACK_BOT_TOKEN: Slack settings are present but SLACK_BOT_TOKEN is not set');
  });
});
