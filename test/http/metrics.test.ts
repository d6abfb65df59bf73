import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { openRuntime, type Runtime } from '../../src/app/runtime.js';
import { renderText } from '../../src/chat/replies/text-render.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createToken } from '../../src/governance/create-token.js';
import { startApiServer } from '../../src/http/api-server.js';
import type { RunningHttpServer } from '../../src/http/http-server.js';
import { silentLogger } from '../../src/ports/logger.js';
import { SYSTEM } from '../helpers/monitoring-fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

type Family = { name: string; type: string; metrics: { labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string }[] };

describe('/metrics, /healthz and /readyz of a running Steward', () => {
  let rt: Runtime;
  let server: RunningHttpServer;
  let token = '';
  const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

  beforeAll(async () => {
    const dir = tempDir('metrics');
    const loaded = loadConfig({ STEWARD_DATA_DIR: dir, STEWARD_HTTP_PORT: '0', STEWARD_METRICS_TOKEN: METRICS_TOKEN, STEWARD_USER: 'alice' }, dir);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    rt = await openRuntime(loaded.config, silentLogger, { mode: 'server' });
    const c = rt.steward.commands;
    server = (await startApiServer({ app: rt.steward.app, store: rt.steward.store, clock: c.clock, config: loaded.config, log: silentLogger, renderText: (r) => renderText(r), metrics: rt.metrics!, chatReady: () => ({}) }))!;
    const t = await createToken(c, SYSTEM, { name: 'ci', role: 'admin' });
    if (!t.ok) throw new Error(t.error.message);
    token = t.value.token;
  });
  afterAll(async () => {
    await server?.close();
    await rt?.close();
  });

  const command = (text: string) => fetch(`${server.url}/api/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  const scrape = async () => {
    const r = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusTextFormat(await r.text()) as Family[];
  };
  const value = (fs: Family[], name: string, labels: Record<string, string> = {}) => {
    const f = fs.find((x) => x.name === name);
    if (!f) throw new Error(`no metric ${name}`);
    const m = f.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
    return m ? Number(m.value ?? m.count) : undefined;
  };

  it('scrapes cleanly: commands by verb and outcome, HTTP latency by route, deployments by outcome, outbox depth, database up', async () => {
    expect((await command('register churn s3://m/1 --new-model')).status).toBe(200);
    expect((await command('deploy churn 1 to staging')).status).toBe(200);
    expect((await command('models')).status).toBe(200);
    expect((await command('dpeloy churn 1 to staging')).status).toBe(400);
    // the record target finishes the deployment in the background
    const until = Date.now() + 10_000;
    while ((await rt.steward.store.read.deployments.history((await rt.steward.store.read.models.byName('churn'))!.id))[0]!.status !== 'succeeded') {
      if (Date.now() > until) throw new Error('deployment did not finish');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 100));
    const fs = await scrape();
    expect(value(fs, 'steward_commands_total', { verb: 'models', outcome: 'ok' })).toBe(1);
    expect(value(fs, 'steward_commands_total', { verb: 'unknown', outcome: 'unknown_command' })).toBe(1);
    expect(value(fs, 'steward_commands_total', { verb: 'deploy', outcome: 'ok' })).toBe(1);
    expect(fs.find((f) => f.name === 'steward_command_reply_seconds')!.type).toBe('HISTOGRAM');
    expect(value(fs, 'steward_http_requests_total', { route: '/api/v1/commands', method: 'POST', status: '200' })).toBe(3);
    expect(value(fs, 'steward_http_requests_total', { route: '/api/v1/commands', method: 'POST', status: '400' })).toBe(1);
    expect(fs.find((f) => f.name === 'steward_http_request_duration_seconds')!.type).toBe('HISTOGRAM');
    expect(value(fs, 'steward_deployments_total', { environment: 'staging', kind: 'deploy', status: 'succeeded' })).toBe(1);
    expect(value(fs, 'steward_outbox_depth')).toBe(0);
    expect(value(fs, 'steward_database_up')).toBe(1);
    expect(fs.some((f) => f.name.startsWith('steward_process_'))).toBe(true);
    // no label carries what a person typed
    expect(JSON.stringify(fs)).not.toContain('dpeloy');
  });

  it('/metrics wants its token; /healthz says alive; /readyz says the database answers', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).status).toBe(401);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });
});
