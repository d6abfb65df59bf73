import { z } from 'zod';
import { ok } from '../../core/result.js';
import { fmtTime, text } from '../../chat/replies/builders.js';
import { mention } from '../../chat/replies/mention.js';
import { whoFrom } from '../../governance/audit-who.js';
import { setLock } from '../set-lock.js';
import { modelArg } from '../../chat/arg-schemas.js';
import { defineCommand } from '../../chat/command-spec.js';

export const lockCommand = defineCommand({
  name: 'lock',
  summary: 'Freeze deploys and rollbacks of a model in an environment by hand, with a reason shown in status.',
  syntax: [{ name: 'model', kind: 'model' }, { name: 'env', kind: 'environment' }, { name: 'reason', rest: true }],
  schema: z.object({ model: modelArg, env: z.string(), reason: z.string().trim().min(3, 'say why, so others know when it can be lifted').max(300) }).strict(),
  risk: 'write',
  envArg: 'env',
  examples: ['lock fraud-detector production "incident INC-481: hold all changes"'],
  async run(ctx, a) {
    const r = await setLock(ctx, whoFrom(ctx.actor, ctx.channel.id), { model: a.model, environment: a.env, lock: true, reason: a.reason });
    if (!r.ok) return r;
    return ok({ title: `${a.model} is locked in ${a.env}`, tone: 'warning', blocks: [text(`Locked by ${mention(r.value.lockedBy)} at ${fmtTime(r.value.lockedAt)}: ${r.value.reason}. Deploys and rollbacks wait until \`${ctx.prefix} unlock ${a.model} ${a.env}\`.`)], data: { locked: true, ...r.value, lockedAt: r.value.lockedAt.toISOString() } });
  },
});

export const unlockCommand = defineCommand({
  name: 'unlock',
  summary: 'Lift a manual lock of a model in an environment.',
  syntax: [{ name: 'model', kind: 'model' }, { name: 'env', kind: 'environment' }],
  schema: z.object({ model: modelArg, env: z.string() }).strict(),
  risk: 'write',
  examples: ['unlock fraud-detector production'],
  permission: 'lock',
  envArg: 'env',
  async run(ctx, a) {
    const r = await setLock(ctx, whoFrom(ctx.actor, ctx.channel.id), { model: a.model, environment: a.env, lock: false });
    if (!r.ok) return r;
    return ok({ title: `${a.model} is unlocked in ${a.env}`, tone: 'success', blocks: [text(`The lock by ${mention(r.value.lockedBy)} (${r.value.reason}) is lifted.`)], data: { locked: false } });
  },
});
