import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { SlackApiStandIn } from '../fakes/slack-api-stand-in.js';
import { signedPost } from '../fakes/slack-signed-post.js';
import { slashCommandBody } from '../adapters/slack/slack-requests.js';

const root = join(import.meta.dirname, '../..');
const RECORDER = join(import.meta.dirname, 'fixtures/record-packages.mjs');
const BOT_TOKEN = 'xoxb-3333-4444-steward-build-token';
const SIGNING_SECRET = '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f';
/** packages `steward start` must not load unless their feature is configured */
const ON_DEMAND = ['@slack/bolt', 'discord.js', 'openai', 'postgres'];

const temp = (prefix: string) => tempDir(prefix.replace(/^steward-/, '').replace(/-$/, ''));
const link = (target: string, path: string) => {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path);
};

/**
 * A package root shaped like the Docker image: package.json, bin/, dist/ (the build), migrations/,
 * assets/ and node_modules holding the production dependencies only (no tsx, no sources).
 */
let image: string;
let children: ChildProcess[] = [];
let standIn: SlackApiStandIn | null = null;

beforeAll(() => {
  image = temp('steward-image-');
  const built = spawnSync(process.execPath, ['scripts/build.js', '--outdir', join(image, 'dist')], { cwd: root, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
  copyFileSync(join(root, 'package.json'), join(image, 'package.json'));
  cpSync(join(root, 'bin'), join(image, 'bin'), { recursive: true });
  link(join(root, 'migrations'), join(image, 'migrations'));
  link(join(root, 'assets'), join(image, 'assets'));
  // what `npm ci --omit=dev` installs: each production dependency (its own dependencies resolve from the real install)
  const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(dependencies)) link(realpathSync(join(root, 'node_modules', dep)), join(image, 'node_modules', dep));
}, 120_000);

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  await standIn?.close();
  standIn = null;
});

const childEnv = (env: Record<string, string>) => ({ PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env });

function once(pkg: string, argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(pkg, 'bin/steward.js'), ...argv], { cwd: pkg, env: childEnv(env) }, (e, stdout, stderr) => resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr }));
  });
}

/** `steward start …` from `pkg` as a real process (stdin an open pipe), with the package recorder loaded first */
function start(pkg: string, args: string[], env: Record<string, string>) {
  const record = join(temp('steward-record-'), 'packages.txt');
  writeFileSync(record, '');
  const p = spawn(process.execPath, ['--import', RECORDER, join(pkg, 'bin/steward.js'), 'start', ...args], { cwd: pkg, env: childEnv({ RECORD_PACKAGES_FILE: record, ...env }), stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(p);
  const out = { stdout: '', stderr: '' };
  p.stdout!.on('data', (d) => (out.stdout += String(d)));
  p.stderr!.on('data', (d) => (out.stderr += String(d)));
  const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
  const waitFor = async (re: RegExp) => {
    for (const end = Date.now() + 60_000; !re.test(out.stdout); await new Promise((r) => setTimeout(r, 50))) {
      if (p.exitCode !== null || Date.now() > end) throw new Error(`no ${re} (exit ${p.exitCode}); stdout: ${out.stdout}; stderr: ${out.stderr}`);
    }
    return re.exec(out.stdout)!;
  };
  const packages = () => new Set(readFileSync(record, 'utf8').split('\n').filter(Boolean));
  return { proc: p, out, exited, waitFor, packages };
}

describe('the production build (scripts/build.js -> dist/, run by bin/steward.js)', () => {
  it('holds no TypeScript and needs neither the sources nor tsx', () => {
    expect(existsSync(join(image, 'dist/main.js'))).toBe(true);
    expect(existsSync(join(image, 'src'))).toBe(false);
    expect(existsSync(join(image, 'node_modules/tsx'))).toBe(false);
  });

  it('runs `steward models` on a new embedded database with production dependencies only', async () => {
    const r = await once(image, ['models'], { STEWARD_DATA_DIR: join(temp('steward-data-'), 'db') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No models registered yet');
  }, 60_000);

  it('runs `steward start --demo`: the HTTP API answers /healthz from the compiled ingress worker, and no on-demand SDK is loaded', async () => {
    const dataDir = join(temp('steward-data-'), 'db');
    const s = start(image, ['--demo'], { STEWARD_DATA_DIR: dataDir, STEWARD_HTTP_PORT: '0' });
    await s.waitFor(/Demo data seeded/);
    const [, url] = await s.waitFor(/HTTP API listening on (http:\/\/\S+)/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    // the recorder saw the process load packages, but none of those only a configured feature needs
    expect(s.packages()).toContain('@electric-sql/pglite');
    expect(ON_DEMAND.filter((sdk) => s.packages().has(sdk))).toEqual([]);
    s.proc.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.out.stderr).toBe('');
  }, 60_000);

  it('serves Slack HTTP mode: the compiled Slack ingress acks a signed slash command and Steward answers it', async () => {
    standIn = await new SlackApiStandIn({ token: BOT_TOKEN, users: { U0ALICE: { name: 'alice' } } }).start();
    const s = start(image, [], { STEWARD_DATA_DIR: join(temp('steward-data-'), 'db'), STEWARD_HTTP_PORT: '0', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standIn.apiUrl });
    await s.waitFor(/Connected to Slack workspace/);
    const [, url] = await s.waitFor(/HTTP API listening on (http:\/\/\S+)/);
    const body = slashCommandBody({ command: '/mlops', text: 'whoami', user: { id: 'U0ALICE', name: 'alice' }, channelId: 'C0MLOPS', responseUrl: standIn.responseUrl('T1/build/1') });
    const r = await signedPost(`${url}/slack/events`, body, { secret: SIGNING_SECRET });
    expect(r.status).toBe(200);
    const [answer] = await standIn.waitFor('response_url');
    expect(JSON.stringify(answer!.body)).toContain('slack:U0ALICE');
    expect(s.packages()).toContain('@slack/bolt');
  }, 60_000);

  it('refuses to empty an out dir that holds something other than an earlier build, and rebuilds over an earlier one', () => {
    const dir = temp('steward-out-');
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    const refused = spawnSync(process.execPath, ['scripts/build.js', '--outdir', dir], { cwd: root, encoding: 'utf8' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('holds no earlier build');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
    const again = spawnSync(process.execPath, ['scripts/build.js', '--outdir', join(image, 'dist')], { cwd: root, encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
  }, 60_000);
});

describe('without a build (a fresh clone)', () => {
  let clone: string;
  beforeAll(() => {
    clone = temp('steward-clone-');
    copyFileSync(join(root, 'package.json'), join(clone, 'package.json'));
    cpSync(join(root, 'bin'), join(clone, 'bin'), { recursive: true });
    for (const d of ['src', 'adapters', 'migrations', 'assets', 'node_modules']) link(realpathSync(join(root, d)), join(clone, d));
  });

  it('`steward` runs the TypeScript sources through tsx', async () => {
    const r = await once(clone, ['models'], { STEWARD_DATA_DIR: join(temp('steward-data-'), 'db') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No models registered yet');
  }, 60_000);

  it('with neither a current build nor tsx installed, `steward` says in one line how to get one', async () => {
    const bare = temp('steward-bare-');
    copyFileSync(join(root, 'package.json'), join(bare, 'package.json'));
    cpSync(join(root, 'bin'), join(bare, 'bin'), { recursive: true });
    link(realpathSync(join(root, 'src')), join(bare, 'src'));
    link(join(image, 'node_modules'), join(bare, 'node_modules')); // production dependencies only
    const r = await once(bare, ['models'], { STEWARD_DATA_DIR: join(temp('steward-data-'), 'db') });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('steward: no current build in dist/ and tsx is not installed: run `npm run build`, or `npm install` to run the sources.\n');
  });

  it('`steward start` loads no SDK of an unconfigured feature, no PostgreSQL driver and no table reader', async () => {
    const s = start(clone, [], { STEWARD_DATA_DIR: join(temp('steward-data-'), 'db'), STEWARD_HTTP_PORT: '0' });
    const [, url] = await s.waitFor(/HTTP API listening on (http:\/\/\S+)/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(s.packages()).toContain('tsx');
    expect(s.packages()).toContain('@electric-sql/pglite');
    expect([...ON_DEMAND, 'csv-parse', 'hyparquet'].filter((pkg) => s.packages().has(pkg))).toEqual([]);
  }, 60_000);
});
