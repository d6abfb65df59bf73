import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordGatewayStandIn } from '../../fakes/discord-gateway-stand-in.js';
import { DiscordRestStandIn } from '../../fakes/discord-rest-stand-in.js';
import { BOB } from './discord-governance.js';
import { APP_ID, CHANNEL, slashCommandJson } from './discord-interactions.js';
import { embedText } from './discord-test-helpers.js';
import { CALLBACK, TOKEN } from './discord-test-env.js';
import { tempDir } from '../../helpers/temp-dir.js';

const root = join(import.meta.dirname, '../../..');
let child: ChildProcess | null = null;
let rest: DiscordRestStandIn | null = null;
let gateway: DiscordGatewayStandIn | null = null;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited; // before tempDir removes the data directory it writes to
  }
  child = null;
  await gateway?.close();
  gateway = null;
  await rest?.close();
  rest = null;
});

/** `steward <args>` as a real process with Discord settings pointing at the stand-ins; output collected. */
function steward(args: string[], env: Record<string, string>) {
  const dataDir = tempDir('discord');
  const p = spawn('node', ['bin/steward.js', ...args], { cwd: root, env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', STEWARD_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
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
  };
  return { out, exited, waitFor };
}

const discordEnvVars = (apiUrl: string, extra: Record<string, string> = {}) => ({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: apiUrl, ...extra });

describe('steward start with Discord configured (real process)', () => {
  it('connects over the gateway, prints who it is, and answers /mlops whoami privately', async () => {
    rest = await new DiscordRestStandIn({ token: TOKEN, applicationId: APP_ID }).start();
    gateway = await DiscordGatewayStandIn.start(rest);
    const s = steward(['start'], discordEnvVars(rest.apiUrl));
    await s.waitFor(/Connected to Discord as Steward \(application "Steward"\)/);
    await gateway.ready();
    const cmd = slashCommandJson('whoami', BOB);
    rest.expectInteraction(String(cmd.id), String(cmd.token), CHANNEL);
    gateway.dispatch('INTERACTION_CREATE', cmd);
    const [cb] = await rest.waitFor(CALLBACK, (c) => c.params.token === cmd.token, 1, 20_000);
    expect(cb!.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(embedText((cb!.body.data as { embeds: unknown }).embeds)).toContain(`discord:${BOB.id}`);
    expect(s.out.stdout + s.out.stderr).not.toContain(TOKEN);
  });

  it('stops with exit status 2 and a fix-it line naming DISCORD_TOKEN when Discord rejects the token', async () => {
    rest = await new DiscordRestStandIn({ token: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GAbCdE.a-different-token-0123456789', applicationId: APP_ID }).start();
    const s = steward(['start'], discordEnvVars(rest.apiUrl));
    expect(await s.exited).toBe(2);
    expect(s.out.stderr).toMatch(/^steward: Discord rejected DISCORD_TOKEN \(401 Unauthorized\)\. Set DISCORD_TOKEN to the bot token from the Discord Developer Portal/m);
    expect(s.out.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(s.out.stdout + s.out.stderr).not.toContain(TOKEN);
  });

  it('refuses to start with a clear line when only DISCORD_TOKEN is set', async () => {
    const s = steward(['start'], { DISCORD_TOKEN: TOKEN });
    expect(await s.exited).toBe(2);
    expect(s.out.stderr).toContain('env: DISCORD_APPLICATION_ID: DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not');
    expect(s.out.stderr).not.toContain(TOKEN);
  });
});

describe('steward discord register-commands (real process)', () => {
  it('registers /mlops with its one string option in DISCORD_GUILD_ID and prints the invite link', async () => {
    rest = await new DiscordRestStandIn({ token: TOKEN, applicationId: APP_ID }).start();
    const s = steward(['discord', 'register-commands'], discordEnvVars(rest.apiUrl, { DISCORD_GUILD_ID: '1200000000000000001' }));
    expect(await s.exited).toBe(0);
    const [put] = rest.callsOf('PUT /applications/{app}/guilds/{guild}/commands');
    expect(put!.token).toBe(TOKEN);
    expect(put!.body).toEqual([
      {
        name: 'mlops',
        type: 1,
        description: expect.any(String),
        options: [{ type: 3, name: 'command', description: expect.any(String), required: false, max_length: 2000 }],
        contexts: [0],
        integration_types: [0],
      },
    ]);
    expect(s.out.stdout).toContain('Registered /mlops in server 1200000000000000001: it is available there now.');
    expect(s.out.stdout).toMatch(/https:\/\/discord\.com\/oauth2\/authorize\?client_id=1100000000000000001&scope=bot\+applications\.commands&permissions=274878024704/);
  });

  it('registers globally with --global, and says when the bot is not in the server yet (exit 2, with the invite link)', async () => {
    rest = await new DiscordRestStandIn({ token: TOKEN, applicationId: APP_ID }).start();
    const g = steward(['discord', 'register-commands', '--global'], discordEnvVars(rest.apiUrl, { DISCORD_GUILD_ID: '1200000000000000001' }));
    expect(await g.exited).toBe(0);
    expect(rest.callsOf('PUT /applications/{app}/commands')).toHaveLength(1);
    expect(g.out.stdout).toContain('Registered /mlops globally');
    rest.fail('PUT /applications/{app}/guilds/{guild}/commands', { status: 403, code: 50001, message: 'Missing Access' });
    const s = steward(['discord', 'register-commands', '--guild', '1200000000000000002'], discordEnvVars(rest.apiUrl));
    expect(await s.exited).toBe(2);
    expect(s.out.stderr).toMatch(/^steward: the bot is not in server 1200000000000000002 \(Missing Access\)\. Add it with https:\/\/discord\.com\/oauth2\/authorize\?\S+ then run this again\./m);
  });

  it('prints the invite link for DISCORD_APPLICATION_ID (steward discord invite-url)', async () => {
    const s = steward(['discord', 'invite-url'], { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID });
    expect(await s.exited).toBe(0);
    expect(s.out.stdout.trim()).toBe('https://discord.com/oauth2/authorize?client_id=1100000000000000001&scope=bot+applications.commands&permissions=274878024704');
  });

  it('tells what to set when Discord is not configured', async () => {
    const s = steward(['discord', 'register-commands'], {});
    expect(await s.exited).toBe(2);
    expect(s.out.stderr).toContain('steward: Discord is not configured. Set DISCORD_TOKEN and DISCORD_APPLICATION_ID');
  });
});
