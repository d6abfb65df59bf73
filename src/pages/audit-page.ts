import { AUDIT_ACTIONS, type AuditEvent } from '../governance/domain/audit-event.js';
import { shortName } from '../governance/domain/actor.js';
import { html } from './html.js';
import { document, type PageContext, section } from './layout.js';
import { auditTable, verdictBlock } from './version-page.js';
import type { PageResult, PagesPorts } from './pages-ports.js';

export interface AuditFilters {
  readonly model?: string;
  readonly actor?: string;
  readonly action?: string;
  readonly since?: string;
  readonly until?: string;
}

/** How many of the newest events a filter searches, and how many matching events a page shows. */
const SEARCHED = 10_000;
const SHOWN = 500;

/** "2026-11-27" (the whole day) or an ISO time; null when neither. `end`: a date means the end of that day. */
function parseTime(s: string, end: boolean): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = new Date(`${s}T00:00:00Z`);
    return Number.isNaN(d.getTime()) ? null : end ? new Date(d.getTime() + 86_400_000 - 1) : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The audit log, filtered by model, actor, action and time, with the chain's verification status. */
export async function auditPage(p: PagesPorts, ctx: PageContext, f: AuditFilters): Promise<PageResult> {
  const problems: string[] = [];
  const since = f.since ? parseTime(f.since, false) : null;
  const until = f.until ? parseTime(f.until, true) : null;
  if (f.since && !since) problems.push(`“${f.since}” is not a time: write a date (2026-11-27) or an ISO time (2026-11-27T16:00Z).`);
  if (f.until && !until) problems.push(`“${f.until}” is not a time: write a date (2026-11-27) or an ISO time (2026-11-27T16:00Z).`);
  const action = f.action?.trim() || null;
  const actor = f.actor?.trim().replace(/^@/, '') || null;
  let deploymentTargets: Set<string> | null = null;
  if (f.model) {
    const m = await p.store.read.models.byName(f.model);
    deploymentTargets = new Set(m ? (await p.store.read.deployments.history(m.id, undefined, 5000)).map((d) => `deployment:${d.id}`) : []);
  }
  const matches = (e: AuditEvent): boolean =>
    (!f.model || e.target === `model:${f.model}` || deploymentTargets!.has(e.target) || e.details.model === f.model) &&
    (!actor || e.actor === actor || shortName(e.actor) === actor) &&
    (!action || (action.endsWith('*') ? e.action.startsWith(action.slice(0, -1)) : e.action === action)) &&
    (!until || e.at.getTime() <= until.getTime());
  const searched = problems.length ? [] : await p.store.read.audit.recent({ ...(since ? { since } : {}), limit: SEARCHED });
  const found = searched.filter(matches);
  const verdict = await p.verifyAudit();
  const field = (name: keyof AuditFilters, label: string, hint: string) =>
    html`<label for="f-${name}">${label}<input id="f-${name}" name="${name}" type="text" value="${f[name] ?? ''}" aria-describedby="f-${name}-hint"><span id="f-${name}-hint" class="hint">${hint}</span></label>`;
  const form = html`<form class="filters" method="get" action="/pages/audit" aria-label="Filter the audit log">
${Object.entries(ctx.formFields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
${ctx.model ? html`<p class="hint">Events of ${ctx.model} only (the link is about that model).</p>` : field('model', 'Model', 'a model name')}
${field('actor', 'Actor', 'e.g. slack:U123 or alice')}
<label for="f-action">Action<select id="f-action" name="action"><option value="">any action</option>${[...new Set(AUDIT_ACTIONS.map((a) => `${a.split('.')[0]}.*`))].map((a) => html`<option value="${a}"${f.action === a ? html` selected` : null}>${a}</option>`)}${AUDIT_ACTIONS.map((a) => html`<option value="${a}"${f.action === a ? html` selected` : null}>${a}</option>`)}</select></label>
${field('since', 'Since', 'a date or ISO time, UTC')}
${field('until', 'Until', 'a date (the whole day) or ISO time')}
<button type="submit">Filter</button>
</form>`;
  const active = [f.model && `model ${f.model}`, actor && `actor ${actor}`, action && `action ${action}`, f.since && `since ${f.since}`, f.until && `until ${f.until}`].filter(Boolean) as string[];
  return {
    status: problems.length ? 400 : 200,
    html: document(ctx, {
      title: 'Audit log',
      lead: active.length ? `Filtered by ${active.join(', ')}.` : 'Every state-changing action, newest first, hash-chained.',
      body: [
        verdictBlock(verdict),
        form,
        problems.map((x) => html`<p role="alert">${x}</p>`),
        section('Events', 'events', [
          auditTable(found.slice(0, SHOWN), `Audit events${active.length ? ` (${active.join(', ')})` : ''}, newest first`, problems.length ? 'Fix the filters above.' : 'No audit events match.'),
          found.length > SHOWN ? html`<p>Showing the newest ${SHOWN} of ${found.length} matching events; narrow the filters to see older ones.</p>` : null,
          searched.length === SEARCHED ? html`<p>The filters searched the newest ${SEARCHED} events${since ? ' since that time' : ''}; set “Since” to reach older ones.</p>` : null,
        ]),
      ],
    }),
  };
}
