import type { ActionHandler } from '../../chat/action-handler.js';
import { can } from '../../governance/domain/access.js';
import { err, ok } from '../../core/result.js';
import { context, fields, fmtNumber, fmtTime, table, text } from '../../chat/replies/builders.js';
import type { ActionKind } from '../../chat/replies/reply.js';
import { whoFrom } from '../../governance/audit-who.js';
import { acknowledgeAlert } from '../alert-acknowledge.js';
import { KIND_TITLE, modelLine } from '../../scheduling/chat/digest-build.js';

/**
 * [Acknowledge] on an alert: records who took it (audited alert.acknowledged) and updates every
 * posted copy of the alert in place. Needs a role granting `ack` (e.g. ml-engineer: [read, ack]).
 */
export const ackAction: ActionHandler = async (ctx, p) => {
  if (!/^\d{1,9}$/.test(p.id)) return err('bad_input', 'This Acknowledge button does not name an alert Steward knows.');
  if (!can(ctx.actor, 'ack', 'write', undefined, ctx.config.access)) {
    return err('forbidden', 'Acknowledging alerts needs a role that grants `ack` (e.g. ml-engineer: [read, ack]); ask an admin to add it in steward.yaml.');
  }
  const r = await acknowledgeAlert(ctx.store, ctx.clock, whoFrom(ctx.actor, ctx.channel.id), Number(p.id));
  if (!r.ok) return r;
  const now = await ctx.cards.render({ kind: 'alert', id: p.id });
  return now ? ok(now) : err('not_found', `Alert #${p.id} is gone.`);
};

/**
 * [Details] on a scheduled report: the stored summary of one model of that run (id "r<run>:<index>"),
 * shown only to the clicker. The full report with charts is one command away.
 */
export const detailsAction: ActionHandler = async (ctx, p) => {
  const m = /^r(\d{1,9}):(\d{1,4})$/.exec(p.id);
  if (!m) return err('bad_input', 'This Details button is not one Steward recognises; use the text commands instead (see /mlops help).');
  if (!can(ctx.actor, 'schedules', 'read', undefined, ctx.config.access)) return err('forbidden', 'Seeing report details needs a role that can read; ask an admin to add you in steward.yaml (members).');
  const run = await ctx.store.read.runs.byId(Number(m[1]));
  const s = run?.result?.models[Number(m[2])];
  if (!run || !s) return err('not_found', 'That report is gone (its schedule was removed); see /mlops schedules.');
  const schedule = run.scheduleId ? await ctx.store.read.schedules.byId(run.scheduleId) : null;
  const kind = schedule?.kind ?? 'digest';
  const rows = s.driftedFeatures.map((f) => [f.name, f.test ?? '—', f.score === null ? '—' : fmtNumber(f.score), f.tier]);
  return ok({
    title: `${s.model} in ${s.environment} — ${KIND_TITLE[kind].toLowerCase()} details`,
    ephemeral: true,
    blocks: [
      text(modelLine(kind, s)),
      fields({
        'Share drifted': s.shareDrifted === null ? '—' : `${Number((s.shareDrifted * 100).toFixed(1))}%`,
        'Worst feature': s.worstFeature ?? '—',
        Bias: s.biasHeadline ?? '—',
        Report: `${fmtTime(run.slotAt)}${schedule ? ` (schedule #${schedule.id})` : ''}`,
      }),
      ...(rows.length ? [table(['feature', 'test', 'score', 'tier'], rows)] : []),
      context(`Full report with charts: \`${ctx.prefix} drift ${s.model} ${s.environment}\` · \`${ctx.prefix} bias ${s.model} ${s.environment}\``),
    ],
    data: { run: run.id, ...s },
  });
};

/** The buttons this module handles, merged into the app's action handlers (src/app/steward-app.ts). */
export const SCHEDULING_ACTIONS: Partial<Record<ActionKind, ActionHandler>> = { ack: ackAction, details: detailsAction };
