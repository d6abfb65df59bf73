import type { Config } from '../../config/config.js';
import type { Store } from '../../ports/store.js';
import { shortName } from '../../governance/domain/actor.js';
import type { Alert, MonitorTier } from '../../scheduling/domain/records.js';
import { describeDuration } from '../../scheduling/domain/duration.js';
import { context, fields, fmtTime, text } from '../../chat/replies/builders.js';
import type { Button, LinkButton, Reply } from '../../chat/replies/reply.js';
import type { PageLinks } from '../../ports/page-links.js';
import { openLink } from '../../chat/page-link.js';
import { retrainButton } from '../../training/chat/retrain-button.js';

const TIER: Record<MonitorTier, string> = { ok: 'ok', warning: 'warning', critical: 'critical', no_data: 'no data' };
const KIND: Record<Alert['kind'], string> = { drift: 'Drift', bias: 'Bias', quality: 'Quality' };
const SUBJECT: Record<Alert['kind'], string> = { drift: 'feature', bias: 'attribute', quality: 'metric' };

/** An alert as a live card: [Acknowledge] until someone takes it, then who and when; [Retrain] when the model has a training pipeline. Pure. */
export function alertReply(a: Alert, cooldownSeconds: number, retrainable = false, links: readonly LinkButton[] = []): Reply {
  const acked = a.ackedAt !== null;
  const subject = SUBJECT[a.kind];
  return {
    title: `${KIND[a.kind]} alert: ${a.model} in ${a.environment}`,
    tone: acked ? 'neutral' : a.tier === 'critical' ? 'danger' : 'warning',
    blocks: [
      text(a.headline),
      fields({ Tier: TIER[a.tier], [`${subject[0]!.toUpperCase()}${subject.slice(1)}`]: a.feature, Raised: fmtTime(a.createdAt) }),
      context(
        acked
          ? `Acknowledged by ${shortName(a.ackedBy ?? '')} at ${fmtTime(a.ackedAt)}`
          : `Alert #${a.id}. The same model, ${subject} and tier is not alerted again for ${describeDuration(cooldownSeconds)}.`,
      ),
    ],
    ...(buttonsOf(a, acked, retrainable).length ? { buttons: buttonsOf(a, acked, retrainable) } : {}),
    ...(links.length ? { links } : {}),
    card: { kind: 'alert', id: String(a.id) },
    data: { alert: a.id, kind: a.kind, model: a.model, environment: a.environment, feature: a.feature, tier: a.tier, acknowledgedBy: a.ackedBy, acknowledgedAt: a.ackedAt?.toISOString() ?? null },
  };
}

function buttonsOf(a: Alert, acked: boolean, retrainable: boolean): Button[] {
  return [...(acked ? [] : [{ label: 'Acknowledge', style: 'primary' as const, action: { v: 1 as const, a: 'ack' as const, id: String(a.id) } }]), ...(retrainable ? [retrainButton(a.model, { alertId: a.id })] : [])];
}

/** [Open]: the report the alert is about (drift, bias or quality of the model in its environment). */
export const alertLinks = (pages: PageLinks | undefined, a: Pick<Alert, 'kind' | 'model' | 'environment'>): LinkButton[] => openLink(pages, { kind: a.kind, model: a.model, environment: a.environment });

/** Card renderer for kind "alert" (registered in src/app/card-renderers.ts). */
export async function renderAlertCard(id: string, deps: { readonly store: Pick<Store, 'read'>; readonly config: Pick<Config, 'scheduling' | 'training'>; readonly pageLinks?: PageLinks }): Promise<Reply | null> {
  if (!/^\d{1,9}$/.test(id)) return null;
  const a = await deps.store.read.alerts.byId(Number(id));
  return a ? alertReply(a, deps.config.scheduling.alerts.cooldownSeconds, a.model in deps.config.training, alertLinks(deps.pageLinks, a)) : null;
}
