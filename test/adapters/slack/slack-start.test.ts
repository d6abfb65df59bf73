import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackApiStandIn } from '../../fakes/slack-api-stand-in.js';
import { signedPost } from '../../fakes/slack-signed-post.js';
import { BOT_TOKEN, SIGNING_SECRET, visibleText } from './slack-test-env.js';
import { slashCommandBody } from './slack-requests.js';
import { tempDir } from '../../helpers/temp-dir.js';

const root = join(import.meta.dirname, '../../..');
let child: ChildProcess | null = null;
let standIn: SlackApiStandIn | null = null;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited; // before tempDir removes the data directory it writes to
  }
  child = null;
  await standIn?.close();
  standIn = null;
});

/** `steward start` as a real process with Slack settings pointing at the stand-in; output collected. */
function start(env: Record<string, string>) {
  const dataDir = tempDir('start');
  const p = spawn('node', ['bin/steward.js', 'start'], { cwd: root, env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', STEWARD_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  child = p;
  const out = { stdout: '', stderr: '' };
  p.stdout!.on('data', (d) => (out.stdout += String(d)));
  p.stderr!.on('data', (d) => (out.stderr += String(d)));
  const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
  const waitFor = async (re: RegExp, ms = 60_000) => {
    const t0 = Date.now();
    while (!re.test(out.stdout)) {
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${re}; stdout: ${out.stdout}; stderr: ${out.stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return re.exec(out.stdout)!;
  };
  return { out, exited, waitFor };
}

describe('steward start with Slack configured (real process)', () => {
  it('connects in HTTP mode, serves /slack/events on the shared HTTP port, and answers a signed slash command', async () => {
    standIn = await new SlackApiStandIn({ token: BOT_TOKEN, users: { U0ALICE: { name: 'alice' } } }).start();
    const s = start({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standIn.apiUrl, STEWARD_HTTP_PORT: '0' });
    await s.waitFor(/Connected to Slack workspace "Steward Test"/);
    const [, url] = await s.waitFor(/HTTP API listening on (http:\/\/\S+)/);
    const body = slashCommandBody({ command: '/mlops', text: 'whoami', user: { id: 'U0ALICE', name: 'alice' }, channelId: 'C0MLOPS', responseUrl: standIn.responseUrl('T1/start/1') });
    const r = await signedPost(`${url}/slack/events`, body, { secret: SIGNING_SECRET });
    expect(r.status).toBe(200);
    const [answer] = await standIn.waitFor('response_url');
    expect(visibleText(answer!.body.blocks)).toContain('slack:U0ALICE');
    expect(s.out.stdout + s.out.stderr).not.toContain(BOT_TOKEN);
  });

  it('stops with exit status 2 and a fix-it line naming SLACK_BOT_TOKEN when Slack rejects the token', async () => {
    standIn = await new SlackApiStandIn({ token: 'xoxb-a-different-token' }).start();
    const s = start({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standIn.apiUrl, STEWARD_HTTP_PORT: '0' });
    expect(await s.exited).toBe(2);
    expect(s.out.stderr).toMatch(/^steward: Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)\. Set SLACK_BOT_TOKEN to/m);
    expect(s.out.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(s.out.stderr).not.toContain(BOT_TOKEN);
  });

  it('refuses to start with a clear line when HTTP mode has no port', async () => {
    const s = start({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(await s.exited).toBe(2);
    expect(s.out.stderr).toContain('env: STEWARD_HTTP_PORT: Slack HTTP mode needs STEWARD_HTTP_PORT');
  });
});
