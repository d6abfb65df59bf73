import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drizzleStore } from '../../src/db/repos/drizzle-store.js';
import { buildTargets } from '../../src/deploy/targets/build-targets.js';
import { freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { deployHarness } from '../helpers/deploy-harness.js';
import { HEX64 } from '../helpers/harness.js';
import { configFromYaml } from '../helpers/test-config.js';
import { everythingAbout } from './echoed-secret.js';
import type { GithubActionsTargetConfig } from '../../src/config/targets-schema.js';
import { githubActionsTarget } from '../../src/deploy/targets/github-actions-target.js';
import { GitHubStandIn, type GitHubStandInOptions } from '../fakes/github-stand-in.js';
import { JOB, planJob } from './target-fixtures.js';

const TOKEN = 'ghp_test_token_123';
/** Steward's clock and GitHub's: one fixed instant, so no test depends on time passing between two statements. */
const NOW = new Date('2026-11-27T12:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
let gh: GitHubStandIn | null = null;
afterEach(async () => {
  await gh?.close();
  gh = null;
});

async function setUp(o: Partial<GitHubStandInOptions> = {}, c: Partial<GithubActionsTargetConfig> = {}) {
  gh = await new GitHubStandIn({ token: TOKEN, repo: 'acme/ml-deploy', now: () => NOW, ...o }).start();
  const cfg: GithubActionsTargetConfig = { kind: 'github-actions', apiUrl: gh.apiUrl, repo: 'acme/ml-deploy', workflow: 'deploy.yml', ref: 'main', token: TOKEN, tokenEnv: 'GITHUB_TOKEN', timeoutMs: 5000, ...c };
  return { gh, target: githubActionsTarget(cfg, { now: () => NOW }) };
}
const calls = (g: GitHubStandIn) => g.requests.map((r) => `${r.method} ${r.path}`);

describe('github-actions target', () => {
  it('dispatches the workflow with the documented request, finds the run and follows it to success', async () => {
    const { gh, target } = await setUp();
    const started = await target.start(JOB);
    const run = gh.dispatched()[0]!;
    expect(started).toEqual({ state: 'running', ref: { id: String(run.id), url: run.html_url }, message: `workflow run #${run.run_number} is queued` });

    const [dispatch, list] = gh.requests;
    expect(dispatch).toMatchObject({ method: 'POST', path: '/repos/acme/ml-deploy/actions/workflows/deploy.yml/dispatches', body: { ref: 'main', inputs: { model: 'fraud-detector', version: '7', environment: 'production', deployment_id: '42' } } });
    expect(dispatch!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'content-type': 'application/json' });
    expect(dispatch!.headers['user-agent']).toBeTruthy();
    expect(list).toMatchObject({ method: 'GET', path: '/repos/acme/ml-deploy/actions/workflows/deploy.yml/runs', query: { event: 'workflow_dispatch', branch: 'main', per_page: '50' } });
    expect(list!.query.created).toBe(`>=${at(-60_000)}`); // runs created up to a minute before the dispatch (clocks differ)

    const ref = { id: String(run.id) };
    gh.setRun(run.id, { status: 'in_progress' });
    expect(await target.check(JOB, ref)).toMatchObject({ state: 'running', ref: { id: String(run.id), url: run.html_url } });
    gh.setRun(run.id, { status: 'completed', conclusion: 'success' });
    expect(await target.check(JOB, ref)).toEqual({ state: 'succeeded', ref: { id: String(run.id), url: run.html_url }, message: `workflow run #${run.run_number} succeeded` });
    expect(calls(gh).slice(2)).toEqual([`GET /repos/acme/ml-deploy/actions/runs/${run.id}`, `GET /repos/acme/ml-deploy/actions/runs/${run.id}`]);
    expect(gh.requests).toHaveLength(4);
  });

  it('fails with the conclusion when the run does not succeed', async () => {
    const { gh, target } = await setUp();
    await target.start(JOB);
    const run = gh.dispatched()[0]!;
    gh.setRun(run.id, { status: 'completed', conclusion: 'failure' });
    expect(await target.check(JOB, { id: String(run.id) })).toEqual({ state: 'failed', ref: { id: String(run.id), url: run.html_url }, message: `workflow run #${run.run_number} concluded failure: ${run.html_url}` });
  });

  it('picks the run whose run-name carries the deployment id, even when another deployment\'s run is newer', async () => {
    const { gh, target } = await setUp();
    gh.addRun({ display_title: 'steward deployment 43', status: 'in_progress', conclusion: null, created_at: at(30_000) });
    gh.addRun({ display_title: 'steward deployment 4', status: 'in_progress', conclusion: null, created_at: at(20_000) });
    gh.addRun({ display_title: 'Deploy', status: 'queued', conclusion: null, created_at: at(40_000) });
    const out = await target.start(JOB);
    expect(out.state).toBe('running');
    expect(out.state === 'running' && out.ref.id).toBe(String(gh.dispatched()[0]!.id));
  });

  it('without a run-name, falls back to the newest run created after the dispatch, skipping runs of other deployments', async () => {
    const { gh, target } = await setUp({ runName: null });
    gh.addRun({ created_at: at(-90 * 60_000) });
    gh.addRun({ display_title: 'steward deployment 41', status: 'queued', conclusion: null, created_at: at(30_000) });
    const out = await target.start(JOB);
    const mine = gh.dispatched()[0]!;
    expect(mine.display_title).toBe('Deploy');
    expect(out).toMatchObject({ state: 'running', ref: { id: String(mine.id) } });
  });

  it('keeps looking in check() while the run is not visible yet, without dispatching again', async () => {
    const { gh, target } = await setUp({ hiddenForLookups: 1 });
    const out = await target.start(JOB);
    expect(out.state).toBe('running');
    const ref = out.state === 'running' ? out.ref : { id: '' };
    expect(ref.id).toMatch(/^pending-run:\d{4}-/);
    const found = await target.check(JOB, ref);
    expect(found).toMatchObject({ state: 'running', ref: { id: String(gh.dispatched()[0]!.id) } });
    expect(calls(gh).filter((c) => c.endsWith('/dispatches'))).toHaveLength(1);
    expect(gh.dispatched()).toHaveLength(1);
  });

  it('does not ask for a retry (which would dispatch twice) when only the run lookup fails', async () => {
    const { gh, target } = await setUp();
    gh.failNext(502, { message: 'Bad Gateway' }, (method) => method === 'GET');
    const out = await target.start(JOB);
    expect(out).toMatchObject({ state: 'running', ref: { id: expect.stringMatching(/^pending-run:/) } });
    expect(calls(gh)).toEqual(['POST /repos/acme/ml-deploy/actions/workflows/deploy.yml/dispatches', 'GET /repos/acme/ml-deploy/actions/workflows/deploy.yml/runs']);
    expect(gh.dispatched()).toHaveLength(1);
    const ref = out.state === 'running' ? out.ref : { id: '' };
    expect(await target.check(JOB, ref)).toMatchObject({ state: 'running', ref: { id: String(gh.dispatched()[0]!.id) } });
  });

  it('talks to GitHub Enterprise under /api/v3', async () => {
    const { gh, target } = await setUp({ prefix: '/api/v3' });
    expect(gh.apiUrl).toMatch(/\/api\/v3$/);
    expect((await target.start(JOB)).state).toBe('running');
    expect(calls(gh)).toEqual(['POST /api/v3/repos/acme/ml-deploy/actions/workflows/deploy.yml/dispatches', 'GET /api/v3/repos/acme/ml-deploy/actions/workflows/deploy.yml/runs']);
  });

  it('fails at once with GitHub\'s message on 4xx: bad token, unknown workflow, unknown ref', async () => {
    const bad = await setUp({}, { token: 'ghp_wrong' });
    expect(await bad.target.start(JOB)).toEqual({ state: 'failed', message: 'GitHub answered HTTP 401: Bad credentials (check the token in GITHUB_TOKEN and that acme/ml-deploy has workflow deploy.yml)' });
    await bad.gh.close();
    const wf = await setUp({}, { workflow: 'nope.yml' });
    expect(await wf.target.start(JOB)).toMatchObject({ state: 'failed', message: expect.stringMatching(/^GitHub answered HTTP 404: Not Found \(check the token/) });
    await wf.gh.close();
    const ref = await setUp({}, { ref: 'release' });
    expect(await ref.target.start(JOB)).toEqual({ state: 'failed', message: 'GitHub answered HTTP 422: No ref found for: release' });
    expect(ref.gh.dispatched()).toHaveLength(0);
  });

  it('asks for a retry when the dispatch gets a 5xx', async () => {
    const { gh, target } = await setUp();
    gh.failNext(503, { message: 'Service Unavailable' });
    expect(await target.start(JOB)).toEqual({ state: 'retry', message: 'GitHub answered HTTP 503: Service Unavailable' });
    expect(gh.dispatched()).toHaveLength(0);
  });

  it('plans the dispatch with its inputs', async () => {
    const { target } = await setUp();
    expect(await target.plan(planJob(JOB))).toEqual({
      summary: expect.stringMatching(/^GitHub Actions: dispatch deploy\.yml on acme\/ml-deploy@main/),
      steps: [expect.stringContaining('with inputs model=fraud-detector, version=7, environment=production, deployment_id=<id>'), 'follow the run (run-name "steward deployment <id>") until it concludes; success deploys'],
    });
    const gh2 = githubActionsTarget({ kind: 'github-actions', apiUrl: 'https://api.github.com', repo: 'acme/ml-deploy', workflow: 'deploy.yml', ref: 'main', token: 't', tokenEnv: 'GITHUB_TOKEN', timeoutMs: 1000 });
    expect((await gh2.plan(planJob(JOB))).summary).toBe('GitHub Actions: dispatch deploy.yml on acme/ml-deploy@main');
  });
});

describe('github-actions target: a GitHub (or a proxy in front of it) that echoes the Authorization header', () => {
  // no digits and no well-known token shape: only the configured secret itself can catch it
  const SECRET_TOKEN = 'steward-gh-token-abcdefghijklmnopq';
  let db: TestDatabase;
  let echoing: GitHubStandIn;
  beforeEach(async () => {
    db = await freshDatabase('pglite');
    echoing = await new GitHubStandIn({ token: SECRET_TOKEN, repo: 'acme/ml-deploy' }).start();
  });
  afterEach(async () => {
    await echoing.close();
    await db.close();
  });

  it('stores and shows no token: not in deployments.reason, the plan, the card, chat, nor the audit events', async () => {
    const config = configFromYaml(
      `
members:
  "console:*": [admin]
targets:
  staging:
    kind: github-actions
    apiUrl: ${echoing.apiUrl}
    repo: acme/ml-deploy
    workflow: deploy.yml
    ref: main
    tokenEnv: GH_DEPLOY_TOKEN
    timeout: 2s
`,
      { GH_DEPLOY_TOKEN: SECRET_TOKEN },
    );
    const h = deployHarness({ store: drizzleStore(db.db), config, target: buildTargets(config)('staging'), runner: { deadlineMs: () => 5_000 } });
    await h.say(`register fraud-detector s3://m/1 --sha256 ${HEX64('1')}`);
    // a 502 (retried), then a 401 (fails for good): both echo the header
    echoing.echoAuthorizationNext(502).echoAuthorizationNext(401);
    const req = await h.say('deploy fraud-detector 1 to staging');
    const id = (req.data as { id: number }).id;
    await h.runner.idle();

    const d = (await h.deps.store.read.deployments.byId(id))!;
    expect(d).toMatchObject({ status: 'failed', attempts: 2 });
    expect(echoing.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${SECRET_TOKEN}`, `Bearer ${SECRET_TOKEN}`]);
    expect(d.reason).toMatch(/^GitHub answered HTTP 401: 401 Unauthorized upstream refused POST .* authorization: Bearer \[redacted\]/);
    const all = await everythingAbout(db, h, id, [req]);
    expect(all).toContain('Bearer [redacted]');
    expect(all).not.toContain(SECRET_TOKEN);
  });
});
