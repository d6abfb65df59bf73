import { z } from 'zod';
import { ok } from '../../core/result.js';
import { text } from '../../chat/replies/builders.js';
import { whoFrom } from '../../governance/audit-who.js';
import { unsubscribeChannel } from '../subscribe-remove.js';
import { defineCommand } from '../../chat/command-spec.js';
import { channelFlag, channelLabel, targetChannel } from '../../scheduling/chat/schedule.js';
import { eventsArg, modelLabel, modelOrAllArg } from './subscribe.js';

export const unsubscribeCommand = defineCommand({
  name: 'unsubscribe',
  summary: 'Stop sending some or all events of a model (or *) to this channel.',
  syntax: [{ name: 'model', label: 'model|*' }, { name: 'events', label: 'event', optional: true, rest: true }],
  flags: [{ name: 'channel', value: 'PLATFORM:ID', summary: 'unsubscribe slack:C0123… instead of here (needed on the CLI)' }],
  schema: z.object({ model: modelOrAllArg, events: z.string().optional(), channel: channelFlag.optional() }).strict(),
  risk: 'write',
  permission: 'subscribe',
  examples: ['unsubscribe fraud-detector', 'unsubscribe * registered'],
  async run(ctx, a) {
    const channel = targetChannel(ctx, a.channel);
    if (!channel.ok) return channel;
    const events = a.events === undefined ? null : eventsArg.safeParse(a.events);
    if (events && !events.success) return { ok: false, error: { code: 'bad_input', message: `<event>: ${events.error.issues[0]!.message}` } };
    const k = { platform: channel.value.platform, channelId: channel.value.id, model: a.model };
    const r = await unsubscribeChannel(ctx.store, ctx.clock, whoFrom(ctx.actor, ctx.channel.id), k, events ? events.data : null);
    if (!r.ok) return r;
    const { removed, remaining } = r.value;
    const where = channelLabel(ctx, channel.value);
    const subject = where === 'this channel' ? 'This channel' : where;
    return ok({
      title: 'Unsubscribed',
      tone: 'success',
      blocks: [text(`${subject} no longer gets ${removed.join(', ')} for ${modelLabel(a.model)}.${remaining ? ` Still on: ${remaining.events.join(', ')}.` : ''}`)],
      data: { channel: channel.value, model: a.model, removed, events: remaining?.events ?? [] },
    });
  },
});
