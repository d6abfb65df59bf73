import { LoopbackServer } from './loopback-server.js';
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';

export interface GitHubRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface GitHubRun {
  id: number;
  name: string;
  display_title: string;
  run_number: number;
  event: string;
  head_branch: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  html_url: string;
  created_at: string;
  /** the workflow file it belongs to (not a GitHub field name; used for filtering) */
  workflowFile: string;
  inputs?: Record<string, string>;
}

export interface GitHubStandInOptions {
  readonly token: string;
  /** owner/name */
  readonly repo: string;
  /** workflow file name -> its numeric id and display name */
  readonly workflows?: Record<string, { id: number; name: string; inputs?: readonly string[] }>;
  readonly refs?: readonly string[];
  /** the workflow's run-name for a dispatch; null: no run-name (the title is the workflow name) */
  readonly runName?: ((inputs: Record<string, string>) => string) | null;
  /** a dispatched run shows in the runs list only after this many list requests (GitHub's delay) */
  readonly hiddenForLookups?: number;
  /** "/api/v3" to look like GitHub Enterprise */
  readonly prefix?: string;
  /** GitHub's clock, for the created_at of dispatched runs (default: the wall clock) */
  readonly now?: () => Date;
}

/**
 * GitHub's REST endpoints for workflow_dispatch deploys, as documented: create a dispatch event
 * (204), list a workflow's runs (event, branch, created filters), get a run. It records every
 * request and checks the bearer token, the repo, the workflow, the ref and the declared inputs.
 */
export class GitHubStandIn extends LoopbackServer {
  readonly requests: GitHubRequest[] = [];
  readonly runs: GitHubRun[] = [];
  private nextId = 9_000_001;
  private readonly hidden = new Map<number, number>();
  private readonly failures: { status: number; body: unknown; when?: (method: string, path: string) => boolean }[] = [];
  private readonly echoes: number[] = [];
  private readonly workflows: NonNullable<GitHubStandInOptions['workflows']>;

  constructor(readonly o: GitHubStandInOptions) {
    super();
    this.workflows = o.workflows ?? { 'deploy.yml': { id: 161335, name: 'Deploy', inputs: ['model', 'version', 'environment', 'deployment_id'] } };
  }

  get apiUrl(): string {
    return `${this.base}${this.o.prefix ?? ''}`;
  }

  /** The next request (or the next one `when` picks, by method and path) gets this answer. */
  failNext(status: number, body: unknown = { message: 'Server Error' }, when?: (method: string, path: string) => boolean): this {
    this.failures.push({ status, body, when });
    return this;
  }

  /**
   * The next request gets this status with a plain-text body that echoes its Authorization header,
   * as some proxies and gateways in front of GitHub Enterprise do in their error pages.
   */
  echoAuthorizationNext(status: number): this {
    this.echoes.push(status);
    return this;
  }

  /** A run that already exists (someone else's dispatch, an older deploy). */
  addRun(p: Partial<GitHubRun> & { created_at: string }): GitHubRun {
    const id = this.nextId++;
    const run: GitHubRun = { id, name: 'Deploy', display_title: 'Deploy', run_number: this.runs.length + 1, event: 'workflow_dispatch', head_branch: 'main', status: 'completed', conclusion: 'success', html_url: `https://github.example/${this.o.repo}/actions/runs/${id}`, workflowFile: 'deploy.yml', ...p };
    this.runs.push(run);
    return run;
  }

  setRun(id: number, patch: Partial<Pick<GitHubRun, 'status' | 'conclusion'>>): void {
    Object.assign(this.runs.find((r) => r.id === id)!, patch);
  }

  /** The runs created by dispatches through the API. */
  dispatched(): GitHubRun[] {
    return this.runs.filter((r) => r.inputs);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const path = url.pathname.slice((this.o.prefix ?? '').length);
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
    const echo = this.echoes.shift();
    if (echo !== undefined) {
      res.writeHead(echo, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${echo} ${STATUS_CODES[echo] ?? 'Error'}\nupstream refused ${req.method} ${url.pathname}\nrequest headers:\n  authorization: ${req.headers.authorization ?? '(none)'}\n  user-agent: ${req.headers['user-agent'] ?? ''}\n`);
      return;
    }
    const fi = this.failures.findIndex((f) => !f.when || f.when(req.method ?? '', url.pathname));
    if (fi >= 0) {
      const [fail] = this.failures.splice(fi, 1);
      return send(res, fail!.status, fail!.body);
    }
    if (req.headers.authorization !== `Bearer ${this.o.token}`) return send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    if (url.pathname.startsWith(this.o.prefix ?? '') === false) return send(res, 404, { message: 'Not Found' });

    const m = /^\/repos\/([^/]+\/[^/]+)\/actions\/(?:workflows\/([^/]+)\/(dispatches|runs)|runs\/(\d+))$/.exec(path);
    if (!m || m[1] !== this.o.repo) return send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    if (m[4]) {
      if (req.method !== 'GET') return send(res, 404, { message: 'Not Found' });
      const run = this.runs.find((r) => r.id === Number(m[4]));
      return run ? send(res, 200, view(run)) : send(res, 404, { message: 'Not Found' });
    }
    const wfKey = decodeURIComponent(m[2]!);
    const entry = Object.entries(this.workflows).find(([file, w]) => file === wfKey || String(w.id) === wfKey);
    if (!entry) return send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/actions/workflows' });
    const [file, wf] = entry;

    if (m[3] === 'dispatches') {
      if (req.method !== 'POST') return send(res, 404, { message: 'Not Found' });
      const b = body as { ref?: unknown; inputs?: Record<string, unknown> } | undefined;
      if (!b || typeof b.ref !== 'string') return send(res, 422, { message: 'Invalid request.\n\n"ref" wasn\'t supplied.' });
      if (!(this.o.refs ?? ['main']).includes(b.ref)) return send(res, 422, { message: `No ref found for: ${b.ref}` });
      const inputs = b.inputs ?? {};
      const unexpected = Object.keys(inputs).filter((k) => !(wf.inputs ?? []).includes(k));
      if (unexpected.length) return send(res, 422, { message: `Unexpected inputs provided: ${JSON.stringify(unexpected)}` });
      if (Object.values(inputs).some((v) => typeof v !== 'string')) return send(res, 422, { message: 'Invalid input: inputs must be strings' });
      const strInputs = inputs as Record<string, string>;
      const title = this.o.runName === null ? wf.name : (this.o.runName ?? ((i) => `steward deployment ${i.deployment_id}`))(strInputs);
      const run = this.addRun({ name: wf.name, display_title: title, head_branch: b.ref, status: 'queued', conclusion: null, workflowFile: file, inputs: strInputs, created_at: (this.o.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z') });
      this.hidden.set(run.id, this.o.hiddenForLookups ?? 0);
      res.writeHead(204);
      res.end();
      return;
    }

    if (req.method !== 'GET') return send(res, 404, { message: 'Not Found' });
    const q = url.searchParams;
    const created = q.get('created');
    let since = -Infinity;
    if (created) {
      const cm = /^>=(.+)$/.exec(created);
      if (!cm || Number.isNaN(Date.parse(cm[1]!))) return send(res, 422, { message: `Invalid created filter: ${created}` });
      since = Date.parse(cm[1]!);
    }
    const visible = this.runs.filter((r) => {
      const left = this.hidden.get(r.id) ?? 0;
      if (left > 0) {
        this.hidden.set(r.id, left - 1);
        return false;
      }
      return true;
    });
    const list = visible
      .filter((r) => r.workflowFile === file && (!q.get('event') || r.event === q.get('event')) && (!q.get('branch') || r.head_branch === q.get('branch')) && Date.parse(r.created_at) >= since)
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
    const perPage = Math.min(Number(q.get('per_page') ?? 30), 100);
    return send(res, 200, { total_count: list.length, workflow_runs: list.slice(0, perPage).map(view) });
  }
}

const view = ({ workflowFile: _f, inputs: _i, ...run }: GitHubRun) => run;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
