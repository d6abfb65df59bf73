import type { ActionKind } from '../chat/replies/reply.js';
import type { ActionHandler } from '../chat/action-handler.js';
import { retryAction, rollbackAction } from '../deploy/chat/deploy-buttons.js';
import { approveAction, overrideAction, overrideApproveAction, rejectAction } from '../deploy/chat/decision-buttons.js';
import { cancelAction, makeConfirmAction } from '../llm/chat/confirm-buttons.js';
import type { CommandRegistry } from '../chat/command-registry.js';
import { TRAINING_ACTIONS } from '../training/chat/training-buttons.js';

/** Button kind -> handler. Every handler reloads state and re-authorizes the clicker. A confirmed command runs through `registry`. */
export function buildActionHandlers(registry: CommandRegistry): Partial<Record<ActionKind, ActionHandler>> {
  return {
    approve: approveAction,
    reject: rejectAction,
    override: overrideAction,
    override_approve: overrideApproveAction,
    rollback: rollbackAction,
    retry: retryAction,
    confirm: makeConfirmAction(() => registry),
    cancel: cancelAction,
    ...TRAINING_ACTIONS,
  };
}
