import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/chat/replies/text-render.js';
import { renderSlack } from '../../adapters/slack/slack-render.js';
import { decodeAction, type Reply } from '../../src/chat/replies/reply.js';
import { alertReply } from '../../src/notify/chat/alert-card.js';
import { buildDigestReply, summarizeModel } from '../../src/scheduling/chat/digest-build.js';
import { chart } from '../fakes/fake-report-source.js';
import { blockKitProblems } from '../fakes/slack-block-limits.js';
import { expectGolden } from '../helpers/golden.js';

const slot = new Date('2026-11-30T08:00:00.000Z');

/** A Monday digest of three models: one drifting and flagged for bias (deployed this week), one fine, one without data. */
export function sampleDigest(): Reply {
  const fraud = summarizeModel(
    'fraud-detector',
    'production',
    { tier: 'critical', shareDrifted: 0.4, features: [{ name: 'amount', score: 0.41, test: 'psi', tier: 'critical' }, { name: 'merchant_country', score: 0.003, test: 'chiSquare', tier: 'critical' }], charts: [chart('drift-fraud-detector')] },
    { tier: 'warning', headline: 'selection-rate ratio 0.72 for sex (four-fifths screen flagged)', attribute: 'sex', charts: [chart('bias-fraud-detector')] },
    42,
    { tier: 'warning', headline: 'roc_auc 0.871 < registered 0.923 − 0.02', metric: 'roc_auc', labelled: 412, charts: [] },
  );
  const churn = summarizeModel('churn-predictor', 'production', { tier: 'ok', shareDrifted: 0, features: [], charts: [] }, { tier: 'ok', headline: 'four-fifths screen not flagged', attribute: null, charts: [] }, null, { tier: 'ok', headline: 'accuracy 0.94 (registered 0.95)', metric: null, labelled: 800, charts: [] });
  const credit = summarizeModel('credit-risk-scorer', 'production', { tier: 'no_data', shareDrifted: null, features: [], charts: [], note: 'no predictions in the last 7d' }, { tier: 'no_data', headline: null, attribute: null, charts: [], note: 'no labelled predictions with sensitive attributes in the last 7d' }, null, { tier: 'no_data', headline: null, metric: null, labelled: 0, charts: [], note: 'no labelled predictions in the last 7d' });
  return buildDigestReply({
    kind: 'digest',
    scheduleId: 3,
    runId: 17,
    environment: 'production',
    windowSeconds: 604_800,
    window: { from: new Date(slot.getTime() - 604_800_000), to: slot },
    cron: '0 9 * * 1',
    timezone: 'Europe/Madrid',
    slot,
    manual: false,
    models: [churn, credit, fraud],
    charts: [chart('drift-fraud-detector'), chart('bias-fraud-detector')],
    rollbacks: [{ model: 'fraud-detector', deploymentId: 42, version: 7 }],
    retrain: ['fraud-detector'],
  });
}

const alert = (acked: boolean) =>
  alertReply(
    {
      id: 5,
      kind: 'drift',
      model: 'fraud-detector',
      environment: 'production',
      feature: 'amount',
      tier: 'critical',
      dedupKey: 'drift|fraud-detector|production|amount|critical',
      headline: '40% of features drifted; worst: **amount** (psi 0.41).',
      details: {},
      createdAt: new Date('2026-11-27T12:00:00Z'),
      ackedBy: acked ? 'slack:U0ONCALL' : null,
      ackedAt: acked ? new Date('2026-11-27T12:04:00Z') : null,
    },
    21_600,
  );

describe('scheduled digest and alert replies', () => {
  it('renders the digest on the console as pinned: one line per model, charts, Details and Rollback', () => {
    const out = renderText(sampleDigest(), { imagePaths: ['/data/images/drift-fraud-detector.png', '/data/images/bias-fraud-detector.png'] });
    expectGolden('console/digest.txt', `${out}\n`);
    expect(out).toContain('**fraud-detector**'.replace(/\*/g, '') + ' — CRITICAL · drifted 40% · worst: amount (psi 0.41) · bias: selection-rate ratio 0.72 for sex (four-fifths screen flagged)');
    expect(out).toContain('[1] Details: fraud-detector');
    expect(out).toContain('Rollback fraud-detector v7');
    expect(out).toContain('quality: roc_auc 0.871 < registered 0.923 − 0.02');
    expect(out).toContain('Retrain fraud-detector');
  });

  it('renders the digest in Slack as pinned, inside Block Kit limits, with ids-only button payloads', () => {
    const msg = renderSlack(sampleDigest());
    expectGolden('slack/digest.json', `${JSON.stringify(msg, null, 2)}\n`);
    expect(blockKitProblems(msg.blocks)).toEqual([]);
    const values = JSON.stringify(msg.blocks).match(/"value":"((?:[^"\\]|\\.)*)"/g)!.map((v) => decodeAction(JSON.parse(`{${v}}`).value));
    expect(values).toEqual([
      { v: 1, a: 'details', id: 'r17:2' },
      { v: 1, a: 'details', id: 'r17:0' },
      { v: 1, a: 'details', id: 'r17:1' },
      { v: 1, a: 'rollback', id: '42' },
      { v: 1, a: 'retrain', id: 'quality:fraud-detector' },
    ]);
  });

  it('renders an alert with [Acknowledge], and after the click who took it and no button (console and Slack)', () => {
    expectGolden('console/alert.txt', `${renderText(alert(false))}\n`);
    expectGolden('console/alert-acknowledged.txt', `${renderText(alert(true))}\n`);
    expectGolden('slack/alert.json', `${JSON.stringify(renderSlack(alert(false)), null, 2)}\n`);
    expectGolden('slack/alert-acknowledged.json', `${JSON.stringify(renderSlack(alert(true)), null, 2)}\n`);
    expect(JSON.stringify(renderSlack(alert(true)).blocks)).not.toContain('"type":"button"');
  });
});
