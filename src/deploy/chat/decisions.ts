import { z } from 'zod';
import { askOverride, decide } from './decision-buttons.js';
import { defineCommand } from '../../chat/command-spec.js';

const id = z.string().regex(/^#?\d{1,9}$/, 'a request id is a number, e.g. 42 (see /mlops approvals)').transform((s) => s.replace('#', ''));

/** Text fallbacks for the approval card's buttons; authorization happens in the use case, against the request's environment and policy. */
export const approveCommand = defineCommand({
  name: 'approve',
  summary: 'Approve a pending deployment request (--override approves the override of failed gates).',
  syntax: [{ name: 'id', label: 'request-id' }],
  flags: [{ name: 'override', summary: 'approve the requested override of failed gates (override roles only)' }],
  schema: z.object({ id, override: z.boolean().optional() }).strict(),
  risk: 'write',
  examples: ['approve 42', 'approve 42 --override'],
  permission: 'approve',
  authorizeInRun: true,
  run: (ctx, a) => decide(ctx, a.id, a.override ? 'override' : 'approve', null),
});

export const rejectCommand = defineCommand({
  name: 'reject',
  summary: 'Reject a pending deployment request, with the reason the requester will read.',
  syntax: [{ name: 'id', label: 'request-id' }, { name: 'reason', rest: true }],
  schema: z.object({ id, reason: z.string().trim().min(3, 'a rejection needs a reason of at least a few words').max(500) }).strict(),
  risk: 'write',
  examples: ['reject 42 "AUC dropped on the holdout set; retrain first"'],
  permission: 'approve',
  authorizeInRun: true,
  run: (ctx, a) => decide(ctx, a.id, 'reject', a.reason),
});

export const overrideCommand = defineCommand({
  name: 'override',
  summary: 'Request an override of failed gates; it then needs one extra approval from an override role.',
  syntax: [{ name: 'id', label: 'request-id' }, { name: 'reason', rest: true }],
  schema: z.object({ id, reason: z.string().trim().min(3, 'an override needs a reason').max(500) }).strict(),
  risk: 'write',
  examples: ['override 42 "the drift gate fires on a known seasonal shift (INC-77)"'],
  permission: 'deploy',
  authorizeInRun: true,
  run: (ctx, a) => askOverride(ctx, a.id, a.reason),
});
