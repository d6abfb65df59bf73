import type { AuditEvent } from '../governance/domain/audit-event.js';
import type { ChainVerdict } from '../governance/domain/hash-chain.js';
import { resolveScope } from '../monitoring/measure-drift.js';
import { measureDrift } from '../monitoring/measure-drift.js';
import { measureBias } from '../monitoring/measure-bias.js';
import { measureQuality } from '../monitoring/measure-quality.js';
import { lineageText } from '../training/domain/training-run.js';
import { html, type Html, join } from './html.js';
import { digest, document, facts, num, type PageContext, percent, section, statusTag, table, tag, time } from './layout.js';
import { notFoundPage } from './error-pages.js';
import { deploymentTimeline, modelCard, person } from './model-pages.js';
import type { PageResult, PagesPorts } from './pages-ports.js';
import { counted } from '../core/format.js';

/** The chain's verification status, in words. */
export function verdictBlock(v: ChainVerdict): Html {
  return v.ok
    ? html`<p class="verdict verdict-ok">${tag('intact', 'ok')} The audit chain verifies: ${v.count} event${v.count === 1 ? '' : 's'}, head <code class="digest">${v.headHash}</code>.</p>`
    : html`<p class="verdict verdict-broken">${tag('broken', 'critical')} The audit chain does not verify: it breaks at event #${v.brokenSeq} — ${v.reason} (${v.count} events before it verified).</p>`;
}

/** Audit events as a table: seq, time, actor, action, target, details, hash. */
export function auditTable(events: readonly AuditEvent[], caption: string, empty: string): Html {
  return table({
    caption,
    label: caption,
    head: ['#', 'When', 'Who', 'Action', 'Target', 'Details', 'Hash'],
    rows: events.map((e) => [
      html`${e.seq}`,
      time(e.at),
      html`${person(e.actor)} (${e.platform})`,
      html`${e.action}`,
      html`${e.target}`,
      html`<code class="details">${JSON.stringify(e.details)}</code>`,
      digest(e.hash),
    ]),
    empty,
  });
}

/** The events that concern one version: its registration and reference data, and every event of its deployments. */
export async function versionAuditEvents(p: PagesPorts, model: string, version: number, deploymentIds: readonly number[]): Promise<AuditEvent[]> {
  const byModel = (await p.store.read.audit.recent({ target: `model:${model}`, limit: 5000 })).filter((e) => e.details.version === version);
  const byDeploy = (await Promise.all(deploymentIds.map((id) => p.store.read.audit.recent({ target: `deployment:${id}`, limit: 500 })))).flat();
  return [...byModel, ...byDeploy].sort((a, b) => a.seq - b.seq);
}

/** The version dossier: everything a reviewer or an auditor asks about one version, printable. */
export async function versionPage(p: PagesPorts, ctx: PageContext, name: string, number: number): Promise<PageResult> {
  const model = await p.store.read.models.byName(name);
  if (!model) return notFoundPage(ctx, `There is no model “${name}”.`);
  const v = await p.store.read.versions.get(model.id, number);
  if (!v) return notFoundPage(ctx, `${model.name} has no version ${number}.`);
  const run = v.trainingRunId ? await p.store.read.trainingRuns.byId(v.trainingRunId) : null;
  const reference = await p.store.read.references.get(v.id);
  const deployments = (await p.store.read.deployments.history(model.id, undefined, 500)).filter((d) => d.version === v.version);
  const liveIn: string[] = [];
  for (const e of p.config.environments) if ((await p.store.read.deployments.liveAt(model.id, e))?.version === v.version) liveIn.push(e);

  // approvals, with person, time and reason; gates with their numbers
  const approvals: Html[][] = [];
  const gates: Html[][] = [];
  for (const d of deployments) {
    for (const x of await p.store.read.decisions.list(d.id)) approvals.push([html`#${d.id} (${d.environment})`, html`${x.kind === 'approve' ? 'approved' : x.kind === 'reject' ? 'rejected' : x.kind}`, html`${person(x.actor)}`, time(x.at), html`${x.reason ?? '—'}`]);
    for (const g of d.gates) gates.push([html`#${d.id} (${d.environment})`, html`${g.name}`, html`${g.kind}`, num(g.value), html`${g.threshold}`, html`${g.passed ? tag('passed', 'ok') : tag('failed', 'critical')}${g.advisory ? html` ${tag('advisory', 'neutral')}` : null}`, html`${g.explanation}`]);
  }

  // monitoring: where this version is live, the headline numbers of drift, bias and quality (the full reports are linked)
  const monitoring: Html[] = [];
  for (const env of liveIn) {
    const scope = await resolveScope(p, { model: model.name, env, version: v.version });
    if (!scope.ok) {
      monitoring.push(html`<h3>${env}</h3><p>${scope.error.message}</p>`);
      continue;
    }
    const [drift, bias, quality] = [await measureDrift(p, scope.value), await measureBias(p, scope.value), await measureQuality(p, scope.value)];
    const rows: Html[][] = [];
    rows.push([
      html`<a href="${ctx.href({ kind: 'drift', model: model.name, environment: env })}">Drift</a>`,
      !drift.ok
        ? html`${drift.error.message}`
        : drift.value.drift
          ? html`${drift.value.drift.datasetDrift ? tag('dataset drift', 'critical') : tag('no dataset drift', 'ok')} ${percent(drift.value.drift.shareDrifted)} of features drifted; ${drift.value.currentRows} predictions against ${drift.value.reference.rows} reference rows`
          : html`No predictions in the window.`,
    ]);
    rows.push([
      html`<a href="${ctx.href({ kind: 'bias', model: model.name, environment: env })}">Bias</a>`,
      !bias.ok
        ? html`${bias.error.message}`
        : bias.value.report
          ? join(bias.value.report.attributes.map((a) => html`${a.attribute}: demographic-parity ratio ${num(a.demographicParityRatio)} ${a.fourFifthsFlag ? tag('four-fifths flagged', 'warning') : tag('ok', 'ok')}`), html`<br>`)
          : html`${bias.value.reason ?? 'Nothing to measure.'}`,
    ]);
    rows.push([
      html`<a href="${ctx.href({ kind: 'quality', model: model.name, environment: env })}">Quality</a>`,
      !quality.ok
        ? html`${quality.error.message}`
        : quality.value.metrics.length
          ? join(quality.value.metrics.map((m) => html`${m.name} ${num(m.value)}${m.registered !== null ? html` (registered ${num(m.registered)})` : null}${m.worse ? html` ${tag('below registered', 'warning')}` : null}`), html`<br>`)
          : html`${quality.value.reason ?? 'Nothing to measure.'}`,
    ]);
    monitoring.push(html`<h3>${env} (last ${scope.value.windowLabel})</h3>${table({ caption: `Monitoring of ${model.name} v${v.version} in ${env}`, label: `Monitoring in ${env}`, head: ['Report', 'Summary'], rows })}`);
  }

  const events = await versionAuditEvents(p, model.name, v.version, deployments.map((d) => d.id));
  const verdict = await p.verifyAudit();
  const fairness = Object.entries(v.evaluation.fairness ?? {});
  return {
    status: 200,
    html: document(ctx, {
      title: `${model.name} v${v.version} dossier`,
      h1: html`${model.name} v${v.version}: dossier`,
      lead: html`Registered ${time(v.createdAt)} by ${person(v.createdBy)}. ${liveIn.length ? html`Live in ${liveIn.join(', ')}.` : 'Not live anywhere.'} <a href="${ctx.href({ kind: 'model', model: model.name })}">All of ${model.name}</a>.`,
      body: [
        section('Model card', 'card', modelCard(v)),
        section(
          'Lineage',
          'lineage',
          facts([
            ['Artifact', html`<code>${v.artifactUri}</code>`],
            ['Artifact sha256', digest(v.sha256)],
            ['Framework', v.framework ?? '—'],
            ['Dataset', v.datasetUri ?? '—'],
            ['Dataset sha256', digest(v.datasetSha256)],
            ['Code commit', v.codeCommit ? html`<code>${v.codeCommit}</code>` : '—'],
            ['Training run', run ? html`${lineageText(run)}; pipeline ${run.pipeline}; ${statusTag(run.status)}${run.targetUrl ? html` (${run.targetUrl})` : null}` : '—'],
            ['Reference data', reference ? html`${counted(reference.rows, 'row')}, ${counted(reference.columns.length, 'column')}, sha256 ${digest(reference.sha256)}, uploaded ${time(reference.uploadedAt)} by ${person(reference.uploadedBy)}` : 'none uploaded'],
            ...(Object.keys(v.params).length ? [['Parameters', join(Object.entries(v.params).map(([k, x]) => html`${k}=${typeof x === 'number' ? num(x) : String(x)}`), ', ')] as const] : []),
          ]),
        ),
        section(
          'Registered metrics and fairness results',
          'metrics',
          [
            table({ caption: `Metrics registered with v${v.version}`, label: 'Registered metrics', head: ['Metric', 'Value'], rows: Object.entries(v.metrics).map(([k, x]) => [html`${k}`, num(x)]), empty: 'No metrics were registered.' }),
            table({
              caption: `Fairness and drift results registered with v${v.version}`,
              label: 'Fairness results',
              head: ['Result', 'Value'],
              rows: [...fairness.map(([k, x]) => [html`${k}`, num(x)]), ...(v.evaluation.driftShare !== undefined ? [[html`drift share`, num(v.evaluation.driftShare)]] : [])],
              empty: 'No fairness results were registered.',
            }),
          ],
        ),
        section('Approvals', 'approvals', table({ caption: `Every decision on the deployments of v${v.version}`, label: 'Approvals', head: ['Deployment', 'Decision', 'Person', 'When', 'Reason'], rows: approvals, empty: 'No approvals or rejections recorded.' })),
        section('Gates', 'gates', table({ caption: `Gates evaluated for the deployments of v${v.version}`, label: 'Gates', head: ['Deployment', 'Gate', 'Kind', 'Value', 'Bound', 'Result', 'Explanation'], rows: gates, empty: 'No gates were evaluated.' })),
        section('Deployments', 'deployments', await deploymentTimeline(p, ctx, deployments, `Deployments of v${v.version}, newest first`)),
        section('Monitoring summary', 'monitoring', monitoring.length ? monitoring : html`<p class="empty">v${v.version} is not live in any environment: no monitoring to summarise.</p>`),
        section('Audit events', 'audit', [
          verdictBlock(verdict),
          auditTable(events, `Audit events concerning ${model.name} v${v.version}, oldest first`, 'No audit events concern this version.'),
        ]),
      ],
    }),
  };
}

