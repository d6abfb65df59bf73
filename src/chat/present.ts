import type { Deployment } from '../deploy/domain/deployment.js';
import type { ModelVersion } from '../registry/domain/model.js';
import { fmtNumber, fmtTime } from './replies/builders.js';
import { mention } from './replies/mention.js';

/** Plain-data views used by several verbs for --format json and tables. */
export const versionData = (v: ModelVersion) => ({
  model: v.modelName,
  version: v.version,
  artifactUri: v.artifactUri,
  sha256: v.sha256,
  framework: v.framework,
  metrics: v.metrics,
  params: v.params,
  dataset: { uri: v.datasetUri, sha256: v.datasetSha256 },
  codeCommit: v.codeCommit,
  card: v.card,
  evaluation: v.evaluation,
  createdBy: v.createdBy,
  createdAt: v.createdAt.toISOString(),
});

export const deploymentData = (d: Deployment) => ({
  id: d.id,
  model: d.modelName,
  version: d.version,
  environment: d.environment,
  kind: d.kind,
  status: d.status,
  requestedBy: d.requestedBy,
  requestedAt: d.requestedAt.toISOString(),
  approvedBy: d.approvedBy,
  target: d.target,
  startedAt: d.startedAt?.toISOString() ?? null,
  finishedAt: d.finishedAt?.toISOString() ?? null,
  reason: d.reason,
});

export const metricsText = (m: Readonly<Record<string, number>>, max = 4): string => {
  const e = Object.entries(m);
  return e.length ? e.slice(0, max).map(([k, v]) => `${k}=${fmtNumber(v)}`).join(' ') + (e.length > max ? ' …' : '') : '—';
};

/** An actor in a reply: a mention where the platform has one, else "@name". */
export const who = mention;

export const duration = (d: Deployment): string => {
  if (!d.startedAt || !d.finishedAt) return '—';
  const s = Math.round((d.finishedAt.getTime() - d.startedAt.getTime()) / 1000);
  return s < 120 ? `${s}s` : `${Math.round(s / 60)}m`;
};

export const shortSha = (s: string | null): string => (s ? `${s.slice(0, 12)}` : '—');

export { fmtTime };
