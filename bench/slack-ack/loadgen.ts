/**
 * Open-loop load generator: `rate` signed slash-command requests per second for `seconds`, on
 * keep-alive HTTP/1.1 connections, each signed at send time like Slack does. Latency = request
 * written -> response status received (the ack). Prints one JSON object with raw latencies (ms).
 *
 *   npx tsx bench/slack-ack/loadgen.ts <url> <rate> <seconds> <responseUrl> [text]
 */
import { Agent, request } from 'node:http';
import { slackSignature } from '../../test/fakes/slack-signed-post.js';
import { slashCommandBody } from '../../test/adapters/slack/slack-requests.js';

const [url, rateS, secondsS, responseUrl, text = 'models'] = process.argv.slice(2);
const rate = Number(rateS);
const seconds = Number(secondsS);
const secret = process.env.SLACK_SIGNING_SECRET!;
const target = new URL(url!);
const agent = new Agent({ keepAlive: true, maxSockets: 512 });
const bodies = Array.from({ length: 40 }, (_, i) => slashCommandBody({ command: '/mlops', text, user: { id: `U0BENCH${String(i).padStart(3, '0')}`, name: `user${i}` }, channelId: `C0BENCH${i % 4}`, responseUrl: responseUrl! }));

const latencies: number[] = [];
const lags: number[] = [];
let errors = 0;
const statuses: Record<string, number> = {};
const total = Math.round(rate * seconds);
let sent = 0;
let done = 0;
const t0 = performance.now();

function fire(i: number, due: number) {
  const body = bodies[i % bodies.length]!;
  const ts = Math.floor(Date.now() / 1000);
  const start = performance.now();
  lags.push(start - due);
  const req = request(
    { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(secret, ts, body) } },
    (res) => {
      latencies.push(performance.now() - start);
      statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
      res.resume();
      res.on('end', finish);
    },
  );
  req.on('error', () => {
    errors++;
    finish();
  });
  req.end(body);
}

function finish() {
  if (++done === total) report();
}

function tick() {
  const now = performance.now();
  while (sent < total && t0 + (sent * 1000) / rate <= now) {
    fire(sent, t0 + (sent * 1000) / rate);
    sent++;
  }
  if (sent < total) setTimeout(tick, 1);
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

function report() {
  const elapsed = (performance.now() - t0) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      url,
      rate,
      seconds,
      sent: total,
      ok: statuses['200'] ?? 0,
      statuses,
      errors,
      achievedRate: total / elapsed,
      p50: pct(latencies, 50),
      p90: pct(latencies, 90),
      p99: pct(latencies, 99),
      max: Math.max(...latencies),
      sendLagP99: pct(lags, 99),
      latencies,
    })}\n`,
  );
  agent.destroy();
}

tick();
