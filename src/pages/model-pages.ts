import { shortName } from '../governance/domain/actor.js';
import { lineageText } from '../training/domain/training-run.js';
import type { Deployment, Decision } from '../deploy/domain/deployment.js';
import { MODEL_CARD_FIELDS, type ModelVersion } from '../registry/domain/model.js';
import { html, type Html, join } from './html.js';
import { digest, document, facts, num, type PageContext, section, statusTag, table, tag, time } from './layout.js';
import { notFoundPage } from './error-pages.js';
import { CARD_LABELS, type PageResult, type PagesPorts } from './pages-ports.js';

/** "@alice" for "console:alice" — the person as chat names them. */
export const person = (actor: string): string => `@${shortName(actor)}`;

/** Models: each with its latest version and the version live per environment. */
export async function modelsPage(p: PagesPorts, ctx: PageContext): Promise<PageResult> {
  const models = await p.store.read.models.list();
  const envs = p.config.environments;
  const rows: Html[][] = [];
  for (const m of models) {
    const live: Html[] = [];
    for (const e of envs) {
      const d = await p.store.read.deployments.liveAt(m.id, e);
      live.push(d ? html`<a href="${ctx.href({ kind: 'version', model: m.name, version: d.version })}">v${d.version}</a>` : html`<span>none</span>`);
    }
    rows.push([html`<a href="${ctx.href({ kind: 'model', model: m.name })}">${m.name}</a>`, html`${m.ownerTeam ?? '—'}`, m.latestVersion ? html`<a href="${ctx.href({ kind: 'version', model: m.name, version: m.latestVersion })}">v${m.latestVersion}</a>` : html`—`, ...live]);
  }
  return {
    status: 200,
    html: document(ctx, {
      title: 'Models',
      lead: `${models.length} registered model${models.length === 1 ? '' : 's'}, with the version live in each environment.`,
      body: table({ caption: 'Models and their live versions', label: 'Models', head: ['Model', 'Team', 'Latest', ...envs.map((e) => `Live in ${e}`)], rows, empty: 'No models registered yet. Register one in chat with register <model> <artifact-uri>.' }),
    }),
  };
}

/** Approvals and rejections of a deployment, in words. */
export const decisionsText = (ds: readonly Decision[]): Html =>
  ds.length ? join(ds.map((d) => html`${d.kind === 'approve' ? 'approved' : d.kind === 'reject' ? 'rejected' : d.kind} by ${person(d.actor)} ${time(d.at)}${d.reason ? html` (“${d.reason}”)` : null}`), html`<br>`) : html`—`;

/** A deployment timeline: who requested, who approved, when, the outcome; rollbacks marked. */
export async function deploymentTimeline(p: PagesPorts, ctx: PageContext, deployments: readonly Deployment[], caption: string): Promise<Html> {
  const rows: Html[][] = [];
  for (const d of deployments) {
    const decisions = await p.store.read.decisions.list(d.id);
    rows.push([
      html`#${d.id}`,
      time(d.requestedAt),
      html`${d.environment}`,
      html`<a href="${ctx.href({ kind: 'version', model: d.modelName, version: d.version })}">v${d.version}</a>`,
      d.kind === 'rollback' ? html`${tag('rollback', 'warning')}${d.rollbackOf ? html` of #${d.rollbackOf}` : null}` : html`${d.kind}`,
      html`${person(d.requestedBy)}${d.requestReason ? html`<br>“${d.requestReason}”` : null}`,
      decisionsText(decisions),
      html`${statusTag(d.status)}${d.reason ? html`<br>${d.reason}` : null}${d.postCheck ? html`<br>post-deploy check: ${statusTag(d.postCheck)}` : null}`,
      time(d.finishedAt),
    ]);
  }
  return table({ caption, label: caption, head: ['#', 'Requested', 'Environment', 'Version', 'Kind', 'Requested by', 'Decisions', 'Outcome', 'Finished'], rows, empty: 'No deployments yet.' });
}

export function modelCard(v: ModelVersion): Html {
  const fields = MODEL_CARD_FIELDS.filter((f) => v.card[f]);
  if (!fields.length) return html`<p class="empty">No model card fields were recorded for v${v.version}.</p>`;
  return html`<dl class="card">${fields.map((f) => html`<dt>${CARD_LABELS[f]}</dt><dd class="card-text">${v.card[f]!}</dd>`)}</dl>`;
}

/** A model: live versions, versions with lineage, the latest model card, the deployment timeline, links to its reports. */
export async function modelPage(p: PagesPorts, ctx: PageContext, name: string): Promise<PageResult> {
  const model = await p.store.read.models.byName(name);
  if (!model) return notFoundPage(ctx, `There is no model “${name}”.`);
  const envs = p.config.environments;
  const liveRows: Html[][] = [];
  for (const e of envs) {
    const d = await p.store.read.deployments.liveAt(model.id, e);
    liveRows.push([
      html`${e}`,
      d ? html`<a href="${ctx.href({ kind: 'version', model: model.name, version: d.version })}">v${d.version}</a>` : html`none`,
      d ? time(d.finishedAt) : html`—`,
      d ? html`${person(d.requestedBy)}` : html`—`,
      html`<a href="${ctx.href({ kind: 'drift', model: model.name, environment: e })}">drift</a> · <a href="${ctx.href({ kind: 'bias', model: model.name, environment: e })}">bias</a> · <a href="${ctx.href({ kind: 'quality', model: model.name, environment: e })}">quality</a>`,
    ]);
  }
  const versions = await p.store.read.versions.list(model.id, 100);
  const versionRows: Html[][] = [];
  for (const v of versions) {
    const run = v.trainingRunId ? await p.store.read.trainingRuns.byId(v.trainingRunId) : null;
    versionRows.push([
      html`<a href="${ctx.href({ kind: 'version', model: model.name, version: v.version })}">v${v.version}</a>`,
      time(v.createdAt),
      html`${person(v.createdBy)}`,
      digest(v.sha256, 12),
      v.datasetUri ? html`${v.datasetUri}${v.datasetSha256 ? html`<br>sha256 ${digest(v.datasetSha256, 12)}` : null}` : html`—`,
      v.codeCommit ? html`<code>${v.codeCommit.slice(0, 12)}</code>` : html`—`,
      run ? html`${lineageText(run)}` : html`—`,
      Object.keys(v.metrics).length ? join(Object.entries(v.metrics).map(([k, x]) => html`${k} ${num(x)}`), html`<br>`) : html`—`,
    ]);
  }
  const history = await p.store.read.deployments.history(model.id, undefined, 200);
  const latest = versions[0];
  return {
    status: 200,
    html: document(ctx, {
      title: `Model ${model.name}`,
      h1: html`Model ${model.name}`,
      lead: model.description || undefined,
      body: [
        facts([
          ['Owner', model.ownerTeam ?? '—'],
          ['Tags', model.tags.length ? model.tags.join(', ') : '—'],
          ['Versions', String(model.latestVersion)],
          ['Registered', time(model.createdAt)],
          ['Audit', html`<a href="${ctx.href({ kind: 'audit', model: model.name })}">audit events of ${model.name}</a>`],
        ]),
        section('Live now', 'live', table({ caption: `What is live where: ${model.name}`, label: 'Live versions', head: ['Environment', 'Version', 'Since', 'Requested by', 'Reports'], rows: liveRows })),
        section('Versions', 'versions', table({ caption: `Versions of ${model.name}, newest first, with lineage`, label: 'Versions', head: ['Version', 'Registered', 'By', 'sha256', 'Dataset', 'Commit', 'Training run', 'Metrics'], rows: versionRows, empty: 'No versions registered yet.' })),
        section(latest ? `Model card (v${latest.version}, the latest)` : 'Model card', 'card', latest ? modelCard(latest) : html`<p class="empty">No versions yet.</p>`),
        section('Deployment timeline', 'timeline', await deploymentTimeline(p, ctx, history, `Deployments of ${model.name}, newest first`)),
      ],
    }),
  };
}
