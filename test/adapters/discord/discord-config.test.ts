import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.js';
import { formatProblems, loadConfig } from '../../../src/config/load-config.js';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GAbCdE.s3cr3t-T0ken_abcdefghijklmnopqrstuvwx';
const APP = '1100000000000000001';
const load = (env: Record<string, string>) => loadConfig({ STEWARD_DATA_DIR: '/tmp/x', ...env }, '/nonexistent-steward-cwd');

describe('Discord settings in the config', () => {
  it('is off without DISCORD_TOKEN', () => {
    const r = load({});
    expect(r.ok && r.config.discord).toBeNull();
  });

  it('connects with a token and an application id: global commands and discord.com by default', () => {
    const r = load({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP });
    expect(r.ok && r.config.discord).toEqual({ token: TOKEN, applicationId: APP, guildId: null, apiUrl: 'https://discord.com/api' });
  });

  it('honours DISCORD_GUILD_ID and DISCORD_API_URL (without a trailing slash)', () => {
    const r = load({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_GUILD_ID: '1200000000000000001', DISCORD_API_URL: 'http://127.0.0.1:9/api/' });
    expect(r.ok && r.config.discord).toMatchObject({ guildId: '1200000000000000001', apiUrl: 'http://127.0.0.1:9/api' });
  });

  it('reports every Discord problem at once, naming the variable and the fix, never echoing the token', () => {
    const r = load({ DISCORD_TOKEN: `Bot ${TOKEN}`, DISCORD_APPLICATION_ID: 'steward-bot', DISCORD_GUILD_ID: 'my server' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = formatProblems(r.problems);
    expect(text).toContain('env: DISCORD_TOKEN: DISCORD_TOKEN is the bot token from the Discord Developer Portal');
    expect(text).toContain('env: DISCORD_APPLICATION_ID: DISCORD_APPLICATION_ID is the numeric Application ID');
    expect(text).toContain('env: DISCORD_GUILD_ID: DISCORD_GUILD_ID is the numeric id of your Discord server');
    expect(text).not.toContain('s3cr3t');
  });

  it('asks for the other half when only the token or only the application id is set', () => {
    const noApp = load({ DISCORD_TOKEN: TOKEN });
    expect(!noApp.ok && formatProblems(noApp.problems)).toContain('env: DISCORD_APPLICATION_ID: DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not');
    const noToken = load({ DISCORD_APPLICATION_ID: APP });
    expect(!noToken.ok && formatProblems(noToken.problems)).toContain('env: DISCORD_TOKEN: Discord settings are present but DISCORD_TOKEN is not set');
  });

  it('never logs the token, even when the whole config is logged', () => {
    const r = load({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP });
    if (!r.ok) throw new Error('config invalid');
    const lines: string[] = [];
    const log = createLogger('info', { write: (s: string) => void lines.push(s) });
    log.info({ config: r.config }, 'config');
    log.info({ discord: r.config.discord }, 'discord');
    expect(lines.join('')).not.toContain('s3cr3t');
    expect(lines.join('')).toContain(APP);
  });
});
