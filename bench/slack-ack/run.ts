/**
 * Slack ack latency: `steward start` (real process, Slack HTTP mode, demo data, embedded PGlite)
 * vs a bare Bolt app that only acks, both answering signed `/mlops` slash commands from a load
 * generator in its own process, 200 requests/s for 30 s, ABBA order (Steward, bare, bare, Steward)
 * after a warm-up of each. The Slack Web API is a local stand-in (its own process) so Steward's
 * follow-up work (response_url, chat.postMessage) really happens.
 *
 *   npx tsx bench/slack-ack/run.ts            # RATE=200 SECONDS=30 TEXT=models
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const RATE = Number(process.env.RATE ?? 200);
const SECONDS = Number(process.env.SECONDS ?? 30);
const WARMUP = Number(process.env.WARMUP ?? 5);
const TEXT = process.env.TEXT ?? 'models';
const env = { SLACK_BOT_TOKEN: 'xoxb-bench-0000-token', SLACK_SIGNING_SECRET: '0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e' };
const tsx = join(root, 'node_modules/.bin/tsx');
const children: ChildProcess[] = [];

function spawnLine(cmd: string, args: string[], extraEnv: Record<string, string>, match: RegExp): Promise<RegExpExecArray> {
  const p = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(p);
  let out = '';
  let err = '';
  p.stderr!.on('data', (d) => (err = (err + String(d)).slice(-4000)));
  return new Promise((resolve, reject) => {
    p.stdout!.on('data', (d) => {
      out += String(d);
      const m = match.exec(out);
      if (m) resolve(m);
    });
    p.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${out}\n${err}`)));
  });
}

function loadgen(url: string, seconds: number, responseUrl: string): Promise<Record<string, unknown> & { latencies: number[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(tsx, ['bench/slack-ack/loadgen.ts', url, String(RATE), String(seconds), responseUrl, TEXT], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout!.on('data', (d) => (out += String(d)));
    p.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`loadgen exited ${code}`))));
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

try {
  const load0 = loadavg();
  // Slack is remote in production: its local stand-in runs at low priority (nice 15) so it takes
  // CPU only when the apps under test do not need it
  const standIn = JSON.parse((await spawnLine('nice', ['-n', '15', tsx, 'bench/slack-ack/stand-in.ts'], {}, /^\{.*\}$/m))[0]) as { apiUrl: string; responseUrl: string; countsUrl: string };
  // commands answered (response_url posts and messages the stand-in received): Steward must answer every one
  const answers = async () => Object.entries((await (await fetch(standIn.countsUrl)).json()) as Record<string, number>).reduce((a, [m, n]) => a + (['response_url', 'chat.postMessage', 'chat.postEphemeral'].includes(m) ? n : 0), 0);
  const dataDir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
  const steward = `${(await spawnLine('node', ['bin/steward.js', 'start', '--demo'], { SLACK_API_URL: standIn.apiUrl, STEWARD_HTTP_PORT: '0', STEWARD_DATA_DIR: dataDir, LOG_LEVEL: 'info' }, /HTTP API listening on (http:\S+)/))[1]}/slack/events`;
  const bare = (JSON.parse((await spawnLine(tsx, ['bench/slack-ack/bare-bolt.ts'], { SLACK_API_URL: standIn.apiUrl }, /^\{.*\}$/m))[0]) as { url: string }).url;
  process.stderr.write(`steward ${steward}\nbare    ${bare}\nwarm-up ${WARMUP} s each…\n`);
  await loadgen(steward, WARMUP, standIn.responseUrl);
  await loadgen(bare, WARMUP, standIn.responseUrl);
  const phases: { target: 'steward' | 'bare'; r: Awaited<ReturnType<typeof loadgen>>; answered: number }[] = [];
  for (const target of ['steward', 'bare', 'bare', 'steward'] as const) {
    process.stderr.write(`${target}: ${RATE}/s for ${SECONDS} s…\n`);
    await new Promise((res) => setTimeout(res, 1000)); // the previous phase's last answers
    const before = await answers();
    const r = await loadgen(target === 'steward' ? steward : bare, SECONDS, standIn.responseUrl);
    await new Promise((res) => setTimeout(res, 1000));
    const answered = (await answers()) - before;
    process.stderr.write(`  p50 ${(r.p50 as number).toFixed(2)} ms  p99 ${(r.p99 as number).toFixed(2)} ms  ok ${r.ok}/${r.sent}  errors ${r.errors}  answered ${answered}\n`);
    phases.push({ target, r, answered });
  }
  const summary = (['steward', 'bare'] as const).map((target) => {
    const ph = phases.filter((p) => p.target === target);
    const all = ph.flatMap((p) => p.r.latencies);
    return { target, requests: all.length, ok: ph.reduce((a, p) => a + (p.r.ok as number), 0), answered: ph.reduce((a, p) => a + p.answered, 0), errors: ph.reduce((a, p) => a + (p.r.errors as number), 0), p50: pct(all, 50), p90: pct(all, 90), p99: pct(all, 99), max: Math.max(...all), phaseP99: ph.map((p) => p.r.p99), achievedRate: ph.map((p) => p.r.achievedRate) };
  });
  const ratio = summary[0]!.p99 / summary[1]!.p99;
  const result = { when: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadavgBefore: load0, loadavgAfter: loadavg(), rate: RATE, seconds: SECONDS, text: TEXT, summary, p99Ratio: ratio, phases: phases.map((p) => ({ target: p.target, answered: p.answered, ...p.r, latencies: undefined })) };
  mkdirSync(join(root, 'bench/slack-ack/out'), { recursive: true });
  writeFileSync(join(root, `bench/slack-ack/out/results-${TEXT}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const f = (x: number) => x.toFixed(2);
  const lines = ['| app | requests | ok | answered | p50 | p90 | p99 | max |', '|---|---|---|---|---|---|---|---|', ...summary.map((s) => `| ${s.target} | ${s.requests} | ${s.ok} | ${s.answered} | ${f(s.p50)} ms | ${f(s.p90)} ms | ${f(s.p99)} ms | ${f(s.max)} ms |`), '', `p99 ratio steward/bare: ${ratio.toFixed(2)} (target ≤ 1.2); load average before ${load0.map((x) => x.toFixed(2)).join(' ')}, after ${loadavg().map((x) => x.toFixed(2)).join(' ')}`];
  writeFileSync(join(root, `bench/slack-ack/out/summary-${TEXT}.md`), `${lines.join('\n')}\n`);
  process.stdout.write(`${lines.join('\n')}\n`);
  rmSync(dataDir, { recursive: true, force: true });
} finally {
  // the apps first (Steward answers what it accepted before it exits: its Slack must still be up), then the stand-in
  const [standInProc, ...apps] = children;
  await Promise.all(apps.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r).kill('SIGTERM')) : undefined)));
  standInProc?.kill('SIGTERM');
}
