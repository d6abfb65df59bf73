import type { CommandContext } from '../../chat/command-context.js';
import type { RetrainPorts } from '../request-retrain.js';
import type { TrainingChannel } from '../domain/training-run.js';

/** What requesting a retrain uses, from what a verb or button sees. */
export const retrainPorts = (ctx: CommandContext): RetrainPorts => ({
  store: ctx.store,
  clock: ctx.clock,
  config: ctx.config,
  pipelineSummary: (model) => ctx.pipelineFor(model)?.summary ?? null,
});

export const channelOf = (ctx: CommandContext): TrainingChannel => ({ platform: ctx.channel.platform, channelId: ctx.channel.id, ...(ctx.channel.threadId ? { threadId: ctx.channel.threadId } : {}) });
