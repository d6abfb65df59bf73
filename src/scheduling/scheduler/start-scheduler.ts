import type { Config } from '../../config/config.js';
import type { SchedulerPorts } from './schedule-run.js';
import { syncConfigSchedules } from '../schedule-sync-config.js';
import { monitoringReportSource } from './monitoring-report-source.js';
import type { ReportSource } from '../chat/report-source.js';
import { createScheduler, type Scheduler, type SchedulerOptions } from './scheduler.js';
import type { Ticker } from './ticker.js';

/**
 * What `steward start` runs: upsert the schedules declared in steward.yaml, then start this process's
 * scheduler (node-cron tickers + the run ledger). Null when `scheduler.enabled: false`.
 */
export async function startScheduler(deps: SchedulerPorts & { readonly config: Pick<Config, 'scheduling' | 'environments' | 'monitoring'> }, o: { reports?: ReportSource; ticker?: Ticker; onRun?: SchedulerOptions['onRun'] } = {}): Promise<Scheduler | null> {
  const settings = deps.config.scheduling.scheduler;
  const synced = await syncConfigSchedules(deps.store, deps.clock, deps.config.scheduling.schedules);
  if (synced.ok && (synced.value.created || synced.value.updated || synced.value.removed)) deps.log.info({ ...synced.value, schedules: synced.value.schedules.length }, 'schedules from steward.yaml applied');
  if (!settings.enabled) return null;
  const scheduler = createScheduler({
    deps,
    reports: o.reports ?? monitoringReportSource(deps),
    instanceId: settings.instanceId,
    leaseMs: settings.leaseSeconds * 1000,
    pollMs: settings.pollSeconds * 1000,
    ticker: o.ticker,
    ...(o.onRun ? { onRun: o.onRun } : {}),
  });
  await scheduler.start();
  return scheduler;
}
