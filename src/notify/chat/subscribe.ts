import { z } from 'zod';
import { ALL_MODELS } from '../../scheduling/domain/schedule.js';
import { SUBSCRIPTION_EVENTS, type SubscriptionEvent } from '../../scheduling/domain/records.js';
import { MODEL_NAME_RE } from '../../registry/domain/validation.js';
import { ok } from '../../core/result.js';
import { didYouMean } from '../../core/suggest.js';
import { context, text } from '../../chat/replies/builders.js';
import { whoFrom } from '../../governance/audit-who.js';
import { subscribeChannel } from '../subscribe-add.js';
import { defineCommand } from '../../chat/command-spec.js';
import { channelFlag, channelLabel, checkModels, targetChannel } from '../../scheduling/chat/schedule.js';

export const modelOrAllArg = z.string().refine((s) => s === ALL_MODELS || MODEL_NAME_RE.test(s), { message: 'use a model name like fraud-detector, or * for every model' });

/** "registered deployed", "drift,bias" or "all" -> events; absent means all. */
export const eventsArg = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const words = (s ?? '').split(/[\s,]+/).filter(Boolean);
    if (!words.length || words.includes('all')) return [...SUBSCRIPTION_EVENTS];
    const out: SubscriptionEvent[] = [];
    for (const w of words) {
      const e = w.toLowerCase().replace(/-/g, '_');
      if (!(SUBSCRIPTION_EVENTS as readonly string[]).includes(e)) {
        ctx.addIssue({ code: 'custom', message: `\`${w}\` is not an event.${didYouMean(e, SUBSCRIPTION_EVENTS)} Events: ${SUBSCRIPTION_EVENTS.join(', ')} (or all)` });
        return z.NEVER;
      }
      if (!out.includes(e as SubscriptionEvent)) out.push(e as SubscriptionEvent);
    }
    return out;
  });

export const modelLabel = (m: string) => (m === ALL_MODELS ? 'every model' : `\`${m}\``);

export const subscribeCommand = defineCommand({
  name: 'subscribe',
  summary: 'Send model events (registered, approvals, deploys, drift, bias and quality alerts) to this channel.',
  syntax: [{ name: 'model', label: 'model|*' }, { name: 'events', label: 'event', optional: true, rest: true }],
  flags: [{ name: 'channel', value: 'PLATFORM:ID', summary: 'subscribe slack:C0123… instead of here (needed on the CLI)' }],
  schema: z.object({ model: modelOrAllArg, events: eventsArg, channel: channelFlag.optional() }).strict(),
  risk: 'write',
  examples: ['subscribe fraud-detector', 'subscribe * deployed rolled_back deploy_failed', 'subscribe churn-predictor drift bias quality'],
  async run(ctx, a) {
    const channel = targetChannel(ctx, a.channel);
    if (!channel.ok) return channel;
    const models = await checkModels(ctx, [a.model]);
    if (!models.ok) return models;
    const k = { platform: channel.value.platform, channelId: channel.value.id, model: a.model };
    const r = await subscribeChannel(ctx.store, ctx.clock, whoFrom(ctx.actor, ctx.channel.id), k, a.events);
    if (!r.ok) return r;
    const { subscription, added } = r.value;
    const where = channelLabel(ctx, channel.value);
    return ok({
      title: added.length ? 'Subscribed' : 'Already subscribed',
      tone: added.length ? 'success' : 'info',
      blocks: [
        text(
          added.length
            ? `${where === 'this channel' ? 'This channel' : where} now gets ${added.map((e) => `**${e}**`).join(', ')} for ${modelLabel(a.model)}.`
            : `${where === 'this channel' ? 'This channel' : where} already gets ${a.events.join(', ')} for ${modelLabel(a.model)}.`,
        ),
        context(`All events for ${modelLabel(a.model)} here: ${subscription.events.join(', ')} · stop with \`${ctx.prefix} unsubscribe ${a.model} [events…]\``),
      ],
      data: { channel: channel.value, model: a.model, added, events: subscription.events },
    });
  },
});
