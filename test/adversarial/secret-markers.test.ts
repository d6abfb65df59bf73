import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { MlflowStandIn, signMlflowDelivery } from '../fakes/mlflow-stand-in.js';
import { WebhookReceiver } from '../fakes/webhook-receiver.js';
import { type StewardChild, startStewardChild } from '../http/steward-child.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Every secret Steward is given, set to a unique marker; a full flow through a real `steward start`
 * (HTTP API, a webhook deploy, an MLflow deploy whose server echoes the Authorization header into
 * its error, an MLflow webhook delivery, /metrics, the audit log and its export, debug logging):
 * no marker may appear in any log line, reply, audit row, metric, error or file Steward wrote.
 */
const MARK = {
  webhook: 'MARKER-webhook-secret-7f1c2a',
  mlflowToken: 'MARKER-mlflow-token-93bd0e',
  mlflowWebhook: 'MARKER-mlflow-hook-51aa7c',
  auditKey: 'MARKER-audit-key-0c66e4d2b9',
  metrics: 'MARKER-metrics-token-8e21f0',
};

/** Every file below `dir` (what Steward wrote: logs, anchors, charts), as text. */
const filesBelow = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'pgdata' ? [] : filesBelow(p);
    return [readFileSync(p).toString('latin1')];
  });

describe('secrets never leave: a full flow with every secret set to a marker', () => {
  let dir: string;
  let mlflow: MlflowStandIn;
  let rx: WebhookReceiver;
  let steward: StewardChild;
  let env: Record<string, string>;
  let token = '';
  const seen: string[] = [];

  beforeAll(async () => {
    dir = tempDir('markers');
    mlflow = await new MlflowStandIn({ token: MARK.mlflowToken }).start();
    rx = await new WebhookReceiver({ secret: MARK.webhook }).start();
    writeFileSync(
      join(dir, 'steward.yaml'),
      `targets:
  staging: { kind: webhook, url: ${rx.url}, secretEnv: HOOK_SECRET }
  production: { kind: mlflow, baseUrl: ${mlflow.url}, tokenEnv: MLFLOW_TOKEN, alias: champion }
registry:
  kind: mlflow
  url: ${mlflow.url}
  tokenEnv: MLFLOW_TOKEN
  webhookSecretEnv: MLFLOW_WEBHOOK_SECRET
  models: ["fraud-*"]
  aliases: { production: champion }
  reconcile: 1h
deploys: { poll: 200ms, deadline: 20s }
policies:
  production: { approvals: 0 }
`,
    );
    env = { STEWARD_DATA_DIR: join(dir, 'data'), STEWARD_CONFIG: join(dir, 'steward.yaml'), HOOK_SECRET: MARK.webhook, MLFLOW_TOKEN: MARK.mlflowToken, MLFLOW_WEBHOOK_SECRET: MARK.mlflowWebhook, STEWARD_AUDIT_KEYS: `k1:${MARK.auditKey}`, STEWARD_METRICS_TOKEN: MARK.metrics };
    const out: string[] = [];
    expect(await main(['token', 'create', 'ci', '--role', 'admin'], { ...env, LOG_LEVEL: 'silent' }, { out: (s) => out.push(s), err: (s) => seen.push(s) })).toBe(0);
    token = out[0]!; // the API token itself is shown once, by design; it is no configured secret
    steward = await startStewardChild({ ...env, STEWARD_HTTP_PORT: '0', LOG_LEVEL: 'debug' });
  }, 120_000);
  afterAll(async () => {
    await steward?.stop();
    await mlflow?.close();
    await rx?.close();
  });

  const command = async (text: string) => {
    const r = await fetch(`${steward.url}/api/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    const body = await r.text();
    seen.push(body);
    return JSON.parse(body) as { ok: boolean; text: string; data: unknown };
  };
  const waitFor = async (what: string, f: () => Promise<boolean>) => {
    const end = Date.now() + 30_000;
    while (!(await f())) {
      if (Date.now() > end) throw new Error(`timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('no marker in logs, replies, audit, metrics, errors or files', async () => {
    expect((await command('register churn s3://m/1 --new-model')).ok).toBe(true);
    expect((await command('deploy churn 1 to staging')).ok).toBe(true);
    await waitFor('the staging deploy', async () => /succeeded/.test((await command('history churn staging')).text));
    // MLflow's error echoes the Authorization header it was sent (as some gateways do)
    mlflow.echoAuthorizationNext(401);
    mlflow.echoAuthorizationNext(401);
    expect((await command('deploy churn 1 to production --reason marker-check')).ok).toBe(true);
    await waitFor('the production deploy to fail', async () => /failed/.test((await command('history churn production')).text));
    // a signed MLflow delivery (the secret signs; it is never sent)
    const body = JSON.stringify({ entity: 'model_version', action: 'created', timestamp: new Date().toISOString(), data: { name: 'fraud-detector', version: '1', source: 's3://m/f1', run_id: null, tags: {}, description: null } });
    const hook = await fetch(`${steward.url}/api/v1/mlflow/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...signMlflowDelivery(MARK.mlflowWebhook, body) }, body });
    seen.push(await hook.text());
    expect(hook.status).toBe(200);
    for (const t of ['models', 'model fraud-detector', 'audit churn --limit 50', 'history churn', 'nope-verb']) await command(t);
    const metrics = await fetch(`${steward.url}/metrics`, { headers: { authorization: `Bearer ${MARK.metrics}` } });
    expect(metrics.status).toBe(200);
    seen.push(await metrics.text());
    seen.push(await (await fetch(`${steward.url}/metrics`)).text()); // the refusal says what to send, not the token
    await steward.stop();
    for (const argv of [['audit', 'export', '--format', 'json'], ['audit', 'verify'], ['config', 'check'], ['token', 'list']]) {
      await main(argv, { ...env, LOG_LEVEL: 'debug' }, { out: (s) => seen.push(s), err: (s) => seen.push(s) });
    }
    seen.push(steward.output.stdout, steward.output.stderr, ...filesBelow(join(dir, 'data')));
    const all = seen.join('\n');
    // the flow did what it says (so the search below looked at real output)
    expect(all).toMatch(/audit log intact/);
    expect(all).toMatch(/steward_deployments_total\{environment="production",kind="deploy",status="failed"\} 1/);
    // MLflow's error echoed the token; Steward shows the error with the token redacted
    expect(all).toMatch(/refused by the gateway; it carried Authorization: Bearer \[redacted\]/);
    for (const [name, marker] of Object.entries(MARK)) expect(all.includes(marker), `${name} leaked`).toBe(false);
    expect(all.includes(MARK.mlflowToken.slice(0, 20))).toBe(false);
  }, 180_000);
});
