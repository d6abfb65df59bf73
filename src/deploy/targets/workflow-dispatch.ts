import type { GithubActionsTargetConfig } from '../../config/targets-schema.js';
import { GITHUB_DEFAULT_API_URL } from '../../config/targets-schema.js';
import type { TargetOutcome, TargetRef } from '../domain/target.js';
import { callHttp, errorOutcome, is2xx, oneLine } from './http-call.js';
import type { TargetRuntime } from './webhook-target.js';

/** A ref id while the dispatched run is not visible yet: "pending-run:<dispatch time ISO>". */
export const PENDING_RUN = 'pending-run';
/** Runs created this long before our dispatch time still count (clocks differ). */
export const DISPATCH_SKEW_MS = 60_000;

/** What a dispatched run is for, as its run-name names it: "steward deployment 12", "steward training run 3". */
export interface WorkflowSubject {
  /** "deployment" or "training run" */
  readonly noun: string;
  readonly id: number;
}

interface WorkflowRun {
  readonly id: number;
  readonly name?: string | null;
  readonly display_title?: string | null;
  readonly run_number?: number;
  readonly status?: string | null;
  readonly conclusion?: string | null;
  readonly html_url?: string;
  readonly created_at?: string;
}

const nounPattern = (noun: string) => noun.split(/\s+/).join('[\\s_-]*');
const namesSubject = (run: WorkflowRun, s: WorkflowSubject) => {
  const re = new RegExp(`${nounPattern(s.noun)}[\\s#:_=-]*(?:id[\\s#:_=-]*)?${s.id}(?!\\d)`, 'i');
  return re.test(run.display_title ?? '') || re.test(run.name ?? '');
};
const namesOtherSubject = (run: WorkflowRun, s: WorkflowSubject) => {
  const m = new RegExp(`steward ${nounPattern(s.noun)}\\s*#?(\\d+)`, 'i').exec(`${run.display_title ?? ''} ${run.name ?? ''}`);
  return m !== null && Number(m[1]) !== s.id;
};

/** The web UI base for an API base: api.github.com -> github.com; GHE …/api/v3 -> …. */
function webBase(apiUrl: string): string | null {
  if (apiUrl === GITHUB_DEFAULT_API_URL) return 'https://github.com';
  return apiUrl.endsWith('/api/v3') ? apiUrl.slice(0, -'/api/v3'.length) : null;
}

export interface WorkflowDispatcher {
  /** "acme/ml@main" (with the API URL when not github.com) */
  readonly where: string;
  /** workflow_dispatch with these inputs, then look for the run; never `retry` once dispatched */
  dispatch(subject: WorkflowSubject, inputs: Record<string, string>): Promise<TargetOutcome>;
  /** follow a dispatched run (or keep looking for it) to its conclusion */
  follow(subject: WorkflowSubject, ref: TargetRef): Promise<TargetOutcome>;
}

/**
 * GitHub Actions workflow_dispatch of a configured workflow and ref, shared by the deploy target and
 * the training pipelines: dispatch, find the run (by the subject in its run-name, else the newest run
 * created after the dispatch that names no other subject) and follow it to its conclusion.
 */
export function workflowDispatcher(cfg: GithubActionsTargetConfig, rt: TargetRuntime = {}, userAgent = 'steward-deploy'): WorkflowDispatcher {
  const now = rt.now ?? (() => new Date());
  const base = `${cfg.apiUrl}/repos/${cfg.repo}/actions`;
  const wf = encodeURIComponent(cfg.workflow);
  const web = webBase(cfg.apiUrl);
  const workflowUrl = web && !/^\d+$/.test(cfg.workflow) ? `${web}/${cfg.repo}/actions/workflows/${cfg.workflow}` : undefined;
  const headers = (json: boolean): Record<string, string> => ({
    authorization: `Bearer ${cfg.token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': userAgent,
    ...(json ? { 'content-type': 'application/json' } : {}),
  });
  const hint = (status: number) => (status === 401 || status === 403 || status === 404 ? ` (check the token in ${cfg.tokenEnv} and that ${cfg.repo} has workflow ${cfg.workflow})` : '');
  const call = (url: string, method: 'GET' | 'POST', body?: string) => callHttp(url, { method, headers: headers(body !== undefined), body, timeoutMs: cfg.timeoutMs, label: 'GitHub', fetch: rt.fetch });
  const pendingRef = (since: Date): TargetRef => ({ id: `${PENDING_RUN}:${since.toISOString()}`, ...(workflowUrl ? { url: workflowUrl } : {}) });

  const outcomeOf = (run: WorkflowRun): TargetOutcome => {
    const ref: TargetRef = { id: String(run.id), ...(run.html_url ? { url: run.html_url } : {}) };
    const label = `workflow run #${run.run_number ?? run.id}`;
    if (run.status !== 'completed') return { state: 'running', ref, message: `${label} is ${run.status ?? 'queued'}` };
    if (run.conclusion === 'success') return { state: 'succeeded', ref, message: `${label} succeeded` };
    return { state: 'failed', ref, message: oneLine(`${label} concluded ${run.conclusion ?? 'without a conclusion'}${run.html_url ? `: ${run.html_url}` : ''}`) };
  };

  /** The run for this subject created since `since`; null while not visible yet. */
  const findRun = async (subject: WorkflowSubject, since: Date | null): Promise<{ run: WorkflowRun | null } | { outcome: TargetOutcome }> => {
    const q = new URLSearchParams({ event: 'workflow_dispatch', branch: cfg.ref, per_page: '50' });
    if (since) q.set('created', `>=${new Date(since.getTime() - DISPATCH_SKEW_MS).toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
    const r = await call(`${base}/workflows/${wf}/runs?${q}`, 'GET');
    if (!r.ok) return { outcome: { state: 'retry', message: r.message } };
    if (!is2xx(r.answer.status)) return { outcome: errorOutcome('GitHub', r.answer, hint(r.answer.status)) };
    const runs = ((r.answer.json as { workflow_runs?: WorkflowRun[] } | undefined)?.workflow_runs ?? []).filter((x) => typeof x?.id === 'number');
    const named = runs.find((x) => namesSubject(x, subject));
    if (named || !since) return { run: named ?? null };
    const after = since.getTime() - DISPATCH_SKEW_MS;
    const fallback = runs
      .filter((x) => !namesOtherSubject(x, subject) && Date.parse(x.created_at ?? '') >= after)
      .sort((a, b) => Date.parse(b.created_at!) - Date.parse(a.created_at!))[0];
    return { run: fallback ?? null };
  };

  return {
    where: `${cfg.repo}@${cfg.ref}${cfg.apiUrl === GITHUB_DEFAULT_API_URL ? '' : ` (${cfg.apiUrl})`}`,
    async dispatch(subject, inputs) {
      const dispatchedAt = now();
      const r = await call(`${base}/workflows/${wf}/dispatches`, 'POST', JSON.stringify({ ref: cfg.ref, inputs }));
      if (!r.ok) return { state: 'retry', message: r.message };
      if (!is2xx(r.answer.status)) return errorOutcome('GitHub', r.answer, hint(r.answer.status));
      // Dispatched: from here on never answer `retry` (it would dispatch a second run); keep looking in follow().
      const found = await findRun(subject, dispatchedAt);
      if ('run' in found && found.run) return outcomeOf(found.run);
      return { state: 'running', ref: pendingRef(dispatchedAt), message: `dispatched ${cfg.workflow} on ${cfg.repo}@${cfg.ref}; waiting for the run to appear` };
    },
    async follow(subject, ref) {
      if (ref.id.startsWith(PENDING_RUN)) {
        const t = Date.parse(ref.id.slice(PENDING_RUN.length + 1));
        const since = Number.isFinite(t) ? new Date(t) : null;
        const found = await findRun(subject, since);
        if ('outcome' in found) return found.outcome;
        return found.run ? outcomeOf(found.run) : { state: 'running', ref, message: `waiting for the ${cfg.workflow} run to appear on ${cfg.repo}@${cfg.ref}` };
      }
      if (!/^\d+$/.test(ref.id)) return { state: 'failed', message: `"${oneLine(ref.id, 60)}" is not a GitHub workflow run id` };
      const r = await call(`${base}/runs/${ref.id}`, 'GET');
      if (!r.ok) return { state: 'retry', message: r.message };
      if (!is2xx(r.answer.status)) return errorOutcome('GitHub', r.answer, hint(r.answer.status));
      const run = r.answer.json as WorkflowRun | undefined;
      if (!run || typeof run.id !== 'number') return { state: 'retry', message: `GitHub answered HTTP ${r.answer.status} without a workflow run` };
      return outcomeOf(run);
    },
  };
}
