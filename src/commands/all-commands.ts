import { CommandRegistry } from './command-registry.js';
import { makeHelpCommand } from './verbs/help.js';
import { historyCommand } from './verbs/history.js';
import { modelCommand } from './verbs/model.js';
import { modelsCommand } from './verbs/models.js';
import { registerCommand } from './verbs/register.js';
import { statusCommand } from './verbs/status.js';
import { versionsCommand } from './verbs/versions.js';
import { makeWhoamiCommand } from './verbs/whoami.js';
import { approvalsCommand } from './verbs/approvals.js';
import { auditCommand } from './verbs/audit.js';
import { approveCommand, overrideCommand, rejectCommand } from './verbs/decisions.js';
import { deployCommand } from './verbs/deploy.js';
import { lockCommand, unlockCommand } from './verbs/lock.js';
import { rollbackCommand } from './verbs/rollback.js';
import { policyCommand } from './verbs/policy.js';
import { biasCommand } from './verbs/bias.js';
import { driftCommand } from './verbs/drift.js';
import { runScheduleCommand } from './verbs/run-schedule.js';
import { scheduleCommand } from './verbs/schedule.js';
import { schedulesCommand } from './verbs/schedules.js';
import { subscribeCommand } from './verbs/subscribe.js';
import { unscheduleCommand } from './verbs/unschedule.js';
import { unsubscribeCommand } from './verbs/unsubscribe.js';
import { makeAskCommand } from './verbs/ask.js';

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
