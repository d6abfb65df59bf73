import type { ActionKind } from '../../replies/reply.js';
import type { ActionHandler } from './action-handler.js';
import { retryAction, rollbackAction } from './deploy-actions.js';
import { approveAction, overrideAction, overrideApproveAction, rejectAction } from './decision-actions.js';
import { cancelAction, confirmAction } from './nl-actions.js';

/** Button kind -> handler. Every handler reloads state and re-authorizes the clicker. */
export function buildActionHandlers(): Partial<Record<ActionKind, ActionHandler>> {
  return {
    approve: approveAction,
    reject: rejectAction,
    override: overrideAction,
    override_approve: overrideApproveAction,
    rollback: rollbackAction,
    retry: retryAction,
    confirm: confirmAction,
    cancel: cancelAction,
  };
}
