import { z } from 'zod';
import { can, rolesOf } from '../domain/access.js';
import { actorKey } from '../domain/actor.js';
import { ok } from '../../core/result.js';
import { context, fields, table } from '../../chat/replies/builders.js';
import type { CommandRegistry } from '../../chat/command-registry.js';
import { defineCommand } from '../../chat/command-spec.js';

export const makeWhoamiCommand = (registry: () => CommandRegistry) =>
  defineCommand({
    name: 'whoami',
    summary: 'Show who Steward thinks you are, your roles, and what you may do in each environment.',
    syntax: [],
    schema: z.object({}).strict(),
    risk: 'read',
    examples: ['whoami'],
    async run(ctx) {
      const roles = rolesOf(ctx.actor, ctx.config.access);
      const envs = ctx.config.environments;
      const rows: string[][] = [];
      const allowed: Record<string, string[] | boolean> = {};
      for (const spec of registry().list('chat')) {
        if (spec.risk === 'read') continue;
        const verb = spec.permission ?? spec.name;
        if (verb in allowed) continue;
        if (verb === 'approve') {
          const inEnvs = envs.filter((e) => {
            const p = ctx.config.policies[e];
            return !!p && p.approvals > 0 && roles.some((r) => p.approverRoles.includes(r));
          });
          allowed[verb] = inEnvs;
          rows.push([`${verb} / reject`, inEnvs.length ? inEnvs.join(', ') : 'no']);
        } else if (spec.envArg || verb === 'deploy') {
          const inEnvs = envs.filter((e) => can(ctx.actor, verb, spec.risk, e, ctx.config.access));
          allowed[verb] = inEnvs;
          rows.push([verb, inEnvs.length ? inEnvs.join(', ') : 'no']);
        } else {
          const yes = can(ctx.actor, verb, spec.risk, undefined, ctx.config.access);
          allowed[verb] = yes;
          rows.push([verb, yes ? 'yes' : 'no']);
        }
      }
      const canRead = can(ctx.actor, 'models', 'read', undefined, ctx.config.access);
      return ok({
        title: 'Who am I',
        ephemeral: true,
        blocks: [
          fields({ Identity: actorKey(ctx.actor), Name: ctx.actor.displayName ?? '—', Roles: roles.length ? roles.join(', ') : 'none', 'Read commands': canRead ? 'yes' : 'no' }),
          table(['action', 'allowed'], rows),
          ...(ctx.actor.groups?.length ? [context(`Groups: ${ctx.actor.groups.join(', ')}`)] : []),
        ],
        data: { identity: actorKey(ctx.actor), displayName: ctx.actor.displayName ?? null, roles, groups: ctx.actor.groups ?? [], read: canRead, allowed },
      });
    },
  });
