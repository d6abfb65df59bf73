import { err, ok } from '../../src/core/result.js';
import type { ReplyImage } from '../../src/chat/replies/reply.js';
import type { BiasSummary, DriftSummary, QualityStatus, ReportSource, ReportWindow } from '../../src/scheduling/chat/report-source.js';

/** A tiny PNG-looking payload: renderers only need bytes and a name. */
export const chart = (name: string): ReplyImage => ({ filename: `${name}.png`, title: `Reference vs current: ${name}`, alt: `histograms of ${name}`, png: new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]) });

export const OK_DRIFT: DriftSummary = { tier: 'ok', shareDrifted: 0, features: [], charts: [] };
export const OK_BIAS: BiasSummary = { tier: 'ok', headline: 'four-fifths screen not flagged', attribute: null, charts: [] };
export const OK_QUALITY: QualityStatus = { tier: 'ok', headline: 'accuracy 0.95 (registered 0.95)', metric: null, labelled: 500, charts: [] };

/**
 * Drift and bias results set per model by the test; every call is recorded. `gate` holds calls
 * until released (a run that "takes a while", or a process that dies mid-run).
 */
export class FakeReportSource implements ReportSource {
  readonly drifts = new Map<string, DriftSummary>();
  readonly biases = new Map<string, BiasSummary>();
  readonly qualities = new Map<string, QualityStatus>();
  readonly calls: { kind: 'drift' | 'bias' | 'quality'; model: string; environment: string; window: ReportWindow }[] = [];
  gate: Promise<void> | null = null;

  async drift(model: string, environment: string, window: ReportWindow) {
    this.calls.push({ kind: 'drift', model, environment, window });
    if (this.gate) await this.gate;
    const d = this.drifts.get(model);
    return d ? ok(d) : err('not_found', `${model} has no reference data to compare with`);
  }

  async bias(model: string, environment: string, window: ReportWindow) {
    this.calls.push({ kind: 'bias', model, environment, window });
    if (this.gate) await this.gate;
    return ok(this.biases.get(model) ?? OK_BIAS);
  }

  async quality(model: string, environment: string, window: ReportWindow) {
    this.calls.push({ kind: 'quality', model, environment, window });
    if (this.gate) await this.gate;
    return ok(this.qualities.get(model) ?? OK_QUALITY);
  }

  /** Hold every call until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise((r) => (release = r));
    return () => {
      this.gate = null;
      release();
    };
  }
}
