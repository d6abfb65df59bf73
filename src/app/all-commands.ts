import { CommandRegistry } from '../chat/command-registry.js';
import { makeHelpCommand } from '../chat/verbs/help.js';
import { historyCommand } from '../deploy/verbs/history.js';
import { modelCommand } from '../registry/verbs/model.js';
import { modelsCommand } from '../registry/verbs/models.js';
import { registerCommand } from '../registry/verbs/register.js';
import { statusCommand } from '../deploy/verbs/status.js';
import { versionsCommand } from '../registry/verbs/versions.js';
import { makeWhoamiCommand } from '../governance/verbs/whoami.js';
import { approvalsCommand } from '../deploy/verbs/approvals.js';
import { auditCommand } from '../governance/verbs/audit.js';
import { approveCommand, overrideCommand, rejectCommand } from '../deploy/verbs/decisions.js';
import { deployCommand } from '../deploy/verbs/deploy.js';
import { lockCommand, unlockCommand } from '../deploy/verbs/lock.js';
import { rollbackCommand } from '../deploy/verbs/rollback.js';
import { policyCommand } from '../governance/verbs/policy.js';
import { biasCommand } from '../monitoring/verbs/bias.js';
import { driftCommand } from '../monitoring/verbs/drift.js';
import { runScheduleCommand } from '../scheduling/verbs/run-schedule.js';
import { scheduleCommand } from '../scheduling/verbs/schedule.js';
import { schedulesCommand } from '../scheduling/verbs/schedules.js';
import { subscribeCommand } from '../notify/verbs/subscribe.js';
import { unscheduleCommand } from '../scheduling/verbs/unschedule.js';
import { unsubscribeCommand } from '../notify/verbs/unsubscribe.js';
import { makeAskCommand } from '../llm/verbs/ask.js';

/** The one list of verbs. Built once at start; a duplicate name throws here. */
export function buildCommandRegistry(): CommandRegistry {
  let reg: CommandRegistry | undefined;
  const self = () => reg!;
  reg = new CommandRegistry([
    makeHelpCommand(self),
    modelsCommand,
    modelCommand,
    versionsCommand,
    registerCommand,
    statusCommand,
    historyCommand,
    makeWhoamiCommand(self),
    deployCommand,
    approvalsCommand,
    approveCommand,
    rejectCommand,
    overrideCommand,
    policyCommand,
    auditCommand,
    rollbackCommand,
    lockCommand,
    unlockCommand,
    driftCommand,
    biasCommand,
    scheduleCommand,
    schedulesCommand,
    unscheduleCommand,
    runScheduleCommand,
    subscribeCommand,
    unsubscribeCommand,
    makeAskCommand(self),
  ]);
  return reg;
}
