import { z } from 'zod';
import { BIAS_METRICS, type BiasMetric } from '../io/drift-json.js';
import { context, text } from '../../chat/replies/builders.js';
import type { Reply } from '../../chat/replies/reply.js';

/**
 * `--fail-on` of drift and bias: one vocabulary and one parser for every surface (the file form of
 * the CLI, and the verb on the CLI, in chat and through the HTTP API).
 */

export const DRIFT_FAIL_ON = ['drift', 'possible_drift', 'dataset'] as const;
export type DriftFailOn = (typeof DRIFT_FAIL_ON)[number];

/** A problem reads after the option name: "--fail-on takes …". */
export function parseDriftFailOn(raw: string): DriftFailOn | { problem: string } {
  return (DRIFT_FAIL_ON as readonly string[]).includes(raw) ? (raw as DriftFailOn) : { problem: `takes drift, possible_drift or dataset, got "${raw}"` };
}

/** Why the drift check failed ("--fail-on drift: 2 features at drift or worse: a, b"), or null when it passed. */
export function driftFailure(failOn: DriftFailOn, features: readonly { name: string; status: string }[], datasetDrift: boolean): string | null {
  if (failOn === 'dataset') return datasetDrift ? '--fail-on dataset: dataset drift detected' : null;
  const hit = features.filter((f) => f.status === 'drift' || (failOn === 'possible_drift' && f.status === 'possible_drift')).map((f) => f.name);
  if (!hit.length) return null;
  return `--fail-on ${failOn}: ${hit.length} feature${hit.length === 1 ? '' : 's'} at ${failOn} or worse: ${hit.slice(0, 10).join(', ')}${hit.length > 10 ? ', …' : ''}`;
}

export type BiasCheck = { kind: 'four-fifths' } | { kind: 'metric'; metric: BiasMetric; op: '<' | '>'; value: number };

/** "four-fifths", "demographicParityRatio<0.8", "equalizedOddsDifference>0.1", comma-separated. */
export function parseBiasFailOn(raw: string): BiasCheck[] | { problem: string } {
  const out: BiasCheck[] = [];
  for (const part of raw.split(',').map((s) => s.trim())) {
    if (part === 'four-fifths') {
      out.push({ kind: 'four-fifths' });
      continue;
    }
    const m = /^([A-Za-z]+)\s*([<>])\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)$/.exec(part);
    if (!m || !(BIAS_METRICS as readonly string[]).includes(m[1]!)) {
      return { problem: `takes four-fifths or METRIC<VALUE / METRIC>VALUE with METRIC one of ${BIAS_METRICS.join(', ')}; got "${part}"` };
    }
    out.push({ kind: 'metric', metric: m[1] as BiasMetric, op: m[2] as '<' | '>', value: Number(m[3]) });
  }
  return out;
}

/** What a bias check reads of one attribute (the statistics' AttributeBias has it). */
export type BiasCheckInput = { readonly attribute: string; readonly fourFifthsFlag: boolean } & { readonly [K in BiasMetric]: number | null };

/** Which checks an attribute crosses, as text ("sex: demographicParityRatio 0.71 < 0.8"). */
export function crossed(a: BiasCheckInput, checks: readonly BiasCheck[]): string[] {
  const hits: string[] = [];
  for (const c of checks) {
    if (c.kind === 'four-fifths') {
      if (a.fourFifthsFlag) hits.push(`${a.attribute}: four-fifths screen flagged (ratio ${a.demographicParityRatio?.toPrecision(4)})`);
      continue;
    }
    const v = a[c.metric];
    if (v !== null && (c.op === '<' ? v < c.value : v > c.value)) hits.push(`${a.attribute}: ${c.metric} ${v.toPrecision(4)} ${c.op} ${c.value}`);
  }
  return hits;
}

/** Why the bias check failed ("--fail-on four-fifths: sex: …; age: …"), or null when it passed. */
export function biasFailure(raw: string, checks: readonly BiasCheck[], attributes: readonly BiasCheckInput[]): string | null {
  const hits = attributes.flatMap((a) => crossed(a, checks));
  return hits.length ? `--fail-on ${raw}: ${hits.join('; ')}` : null;
}

/** The outcome of --fail-on, in a report's data (JSON and the HTTP API) and read by the CLI for its exit status. */
export interface CheckOutcome {
  readonly failOn: string;
  readonly failed: boolean;
  /** why it failed, one line */
  readonly reason: string | null;
}

/** The check a report carries in its data, if any. */
export const checkOf = (data: unknown): CheckOutcome | undefined => (data && typeof data === 'object' && 'check' in data ? (data as { check: CheckOutcome }).check : undefined);

/** The --fail-on flag of a verb: validated with the same parser as the CLI's file form. */
export const failOnFlag = <T>(parse: (raw: string) => T | { problem: string }) =>
  z.string().transform((s, ctx) => {
    const r = parse(s);
    if (r && typeof r === 'object' && 'problem' in r) {
      ctx.addIssue({ code: 'custom', message: r.problem });
      return z.NEVER;
    }
    return { raw: s, parsed: r as T };
  });

/**
 * A report with its --fail-on outcome: on failure the reply says so first, keeps the whole report,
 * and carries `gate_failed` (CLI exit 1, API exitCode 1); the outcome is in its data as `check`.
 */
export function withCheck(reply: Reply, failOn: string, reason: string | null): Reply {
  const check: CheckOutcome = { failOn, failed: reason !== null, reason };
  const data = { ...(reply.data as object | undefined), check };
  if (reason === null) return { ...reply, data, blocks: [...reply.blocks, context(`Check passed: --fail-on ${failOn}.`)] };
  return { ...reply, data, tone: 'danger', error: 'gate_failed', blocks: [text(`**Check failed:** ${reason}`), ...reply.blocks] };
}
