import type { ChatPublisher } from '../../chat/replies/publisher.js';
import type { Config } from '../../config/config.js';
import type { Clock } from '../../core/clock.js';
import type { LiveCards } from '../../ports/live-cards.js';
import type { Logger } from '../../ports/logger.js';
import type { Store } from '../../ports/store.js';
import type { PageLinks } from '../../ports/page-links.js';

/** What raising alerts uses: the subscriptions and alert rows, chat, the cooldown setting, live cards for the posted copies. */
export interface AlertPorts {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  readonly publisher: Pick<ChatPublisher, 'post'>;
  readonly cards: Pick<LiveCards, 'track'>;
  readonly config: Pick<Config, 'scheduling' | 'training'>;
  /** after an alert is raised: Steward's own retrain when the model's training.auto asks for it (never throws) */
  readonly onAlertRaised?: (alert: Alert) => Promise<void>;
  /** counts alerts sent and held back by the cooldown */
  readonly metrics?: Pick<Metrics, 'alert'>;
  /** [Open] links to the report pages (none when no HTTP server serves pages) */
  readonly pageLinks?: PageLinks;
}
import { type Alert, alertDedupKey, type ModelSummaryRecord, tierRank } from '../../scheduling/domain/records.js';
import { ok } from '../../core/result.js';
import type { Metrics } from '../../ports/metrics.js';
import { fmtNumber } from '../../chat/replies/builders.js';
import { alertLinks, alertReply } from './alert-card.js';
import { channelsOf, deliverToChannels } from './deliver.js';
import type { Delivery, MonitoringEvent } from '../events.js';

const none = (channels: number, suppressed = false): Delivery => ({ channels, delivered: 0, suppressed, alertId: null, failures: [] });

/**
 * A monitored model crossed a drift, bias or quality threshold (tier warning or critical): alert every channel
 * subscribed to that model (or *) and event — unless the same model, feature and tier was alerted
 * within the cooldown. The cooldown is claimed in the database (one atomic statement), so it holds
 * across replicas; the alert row and the claim commit together.
 */
export async function raiseAlert(deps: AlertPorts, e: MonitoringEvent): Promise<Delivery> {
  if (tierRank(e.tier) < tierRank('warning')) return none(0);
  const channels = channelsOf(await deps.store.read.subscriptions.matching(e.model, e.type));
  if (!channels.length) return none(0);
  const cooldown = deps.config.scheduling.alerts.cooldownSeconds;
  const now = deps.clock.now();
  const dedupKey = alertDedupKey({ kind: e.type, model: e.model, environment: e.environment, feature: e.feature, tier: e.tier });
  const r = await deps.store.transaction(async (tx) => {
    if (!(await tx.alerts.claimCooldown(dedupKey, now, cooldown))) return ok(null);
    return ok(await tx.alerts.create({ kind: e.type, model: e.model, environment: e.environment, feature: e.feature, tier: e.tier, dedupKey, headline: e.headline, details: e.details ?? {}, createdAt: now }));
  });
  if (!r.ok) return { ...none(channels.length), failures: [r.error.message] };
  const alert = r.value;
  if (!alert) {
    deps.log.info({ dedupKey }, 'alert suppressed: within cooldown');
    deps.metrics?.alert(e.type, 'suppressed');
    return none(channels.length, true);
  }
  const sent = await deliverToChannels(deps, channels, alertReply(alert, cooldown, alert.model in deps.config.training, alertLinks(deps.pageLinks, alert)));
  for (const ref of sent.delivered) await deps.cards.track({ kind: 'alert', id: String(alert.id) }, ref);
  deps.metrics?.alert(e.type, 'sent');
  if (deps.onAlertRaised) await deps.onAlertRaised(alert);
  return { channels: channels.length, delivered: sent.delivered.length, suppressed: false, alertId: alert.id, failures: sent.failures };
}

const pct = (v: number) => `${Number((v * 100).toFixed(1))}%`;

/** Alerts for every model of a run whose drift, bias or quality tier is warning or worse. */
export async function raiseFindings(deps: AlertPorts, models: readonly ModelSummaryRecord[]): Promise<Delivery[]> {
  const out: Delivery[] = [];
  for (const m of models) {
    if (tierRank(m.tier) >= tierRank('warning')) {
      const f = m.driftedFeatures[0];
      const score = f && f.score !== null ? ` (${f.test ? `${f.test} ` : ''}${fmtNumber(f.score)})` : '';
      out.push(
        await raiseAlert(deps, {
          type: 'drift',
          model: m.model,
          environment: m.environment,
          feature: f?.name ?? 'dataset',
          tier: m.tier,
          headline: `${m.shareDrifted !== null ? `${pct(m.shareDrifted)} of features drifted` : 'Drift detected'}${f ? `; worst: **${f.name}**${score}` : ''}.`,
          details: { shareDrifted: m.shareDrifted, features: m.driftedFeatures },
        }),
      );
    }
    if (m.biasTier && tierRank(m.biasTier) >= tierRank('warning')) {
      out.push(
        await raiseAlert(deps, {
          type: 'bias',
          model: m.model,
          environment: m.environment,
          feature: m.biasAttribute ?? 'all',
          tier: m.biasTier,
          headline: m.biasHeadline ?? 'Bias threshold crossed.',
        }),
      );
    }
    if (m.qualityTier && tierRank(m.qualityTier) >= tierRank('warning')) {
      out.push(
        await raiseAlert(deps, {
          type: 'quality',
          model: m.model,
          environment: m.environment,
          feature: m.qualityMetric ?? 'quality',
          tier: m.qualityTier,
          headline: m.qualityHeadline ? `Quality below the alert threshold: ${m.qualityHeadline}.` : 'Quality threshold crossed.',
        }),
      );
    }
  }
  return out;
}
