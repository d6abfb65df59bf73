import { CommandRegistry } from '../chat/command-registry.js';
import { makeHelpCommand } from '../chat/help.js';
import { historyCommand } from '../deploy/chat/history.js';
import { modelCommand } from '../registry/chat/model.js';
import { modelsCommand } from '../registry/chat/models.js';
import { registerCommand } from '../registry/chat/register.js';
import { statusCommand } from '../deploy/chat/status.js';
import { versionsCommand } from '../registry/chat/versions.js';
import { makeWhoamiCommand } from '../governance/chat/whoami.js';
import { approvalsCommand } from '../deploy/chat/approvals.js';
import { auditCommand } from '../governance/chat/audit.js';
import { approveCommand, overrideCommand, rejectCommand } from '../deploy/chat/decisions.js';
import { deployCommand } from '../deploy/chat/deploy.js';
import { lockCommand, unlockCommand } from '../deploy/chat/lock.js';
import { rollbackCommand } from '../deploy/chat/rollback.js';
import { policyCommand } from '../governance/chat/policy.js';
import { biasCommand } from '../monitoring/chat/bias.js';
import { qualityCommand } from '../monitoring/chat/quality.js';
import { driftCommand } from '../monitoring/chat/drift.js';
import { runScheduleCommand } from '../scheduling/chat/run-schedule.js';
import { scheduleCommand } from '../scheduling/chat/schedule.js';
import { schedulesCommand } from '../scheduling/chat/schedules.js';
import { subscribeCommand } from '../notify/chat/subscribe.js';
import { unscheduleCommand } from '../scheduling/chat/unschedule.js';
import { unsubscribeCommand } from '../notify/chat/unsubscribe.js';
import { makeAskCommand } from '../llm/chat/ask.js';
import { retrainCommand } from '../training/chat/retrain.js';

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
    qualityCommand,
    scheduleCommand,
    schedulesCommand,
    unscheduleCommand,
    runScheduleCommand,
    subscribeCommand,
    unsubscribeCommand,
    retrainCommand,
    makeAskCommand(self),
  ]);
  return reg;
}
