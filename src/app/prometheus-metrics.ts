import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../core/clock.js';
import type { Metrics } from '../ports/metrics.js';
import type { Store } from '../ports/store.js';

const LATENCY = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const DURATION = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

/** A label value as Prometheus wants it: short, no control characters. */
const label = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').slice(0, 64);

/**
 * Steward's metrics on their own registry (prom-client, Prometheus naming conventions): counters and
 * histograms fed as things happen, gauges read from the database at scrape time (outbox depth and
 * age, database up and latency), and the process's own (CPU, memory, event loop lag).
 */
export function prometheusMetrics(deps: { store: Pick<Store, 'read'>; clock: Clock }): Metrics & { readonly registry: Registry } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'steward_process_' });
  const commands = new Counter({ name: 'steward_commands_total', help: 'Chat and CLI commands by verb and outcome (ok or the error code).', labelNames: ['verb', 'outcome'], registers: [registry] });
  const replySeconds = new Histogram({ name: 'steward_command_reply_seconds', help: 'Time from a command reaching Steward to its reply.', labelNames: ['verb'], buckets: LATENCY, registers: [registry] });
  const httpSeconds = new Histogram({ name: 'steward_http_request_duration_seconds', help: 'HTTP requests to Steward by route pattern, method and status (the answer time, also the ack time of webhook routes).', labelNames: ['route', 'method', 'status'], buckets: LATENCY, registers: [registry] });
  const httpRequests = new Counter({ name: 'steward_http_requests_total', help: 'HTTP requests to Steward by route pattern, method and status.', labelNames: ['route', 'method', 'status'], registers: [registry] });
  const deployments = new Counter({ name: 'steward_deployments_total', help: 'Deployments that ended, by environment, kind and status.', labelNames: ['environment', 'kind', 'status'], registers: [registry] });
  const deploySeconds = new Histogram({ name: 'steward_deployment_duration_seconds', help: 'How long deployments ran on their target.', labelNames: ['environment', 'status'], buckets: DURATION, registers: [registry] });
  const runs = new Counter({ name: 'steward_scheduled_runs_total', help: 'Scheduled runs by status (done, failed, skipped: another replica ran the slot).', labelNames: ['status'], registers: [registry] });
  const lag = new Histogram({ name: 'steward_scheduled_run_lag_seconds', help: 'How late a scheduled run started after its slot.', buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600], registers: [registry] });
  const alerts = new Counter({ name: 'steward_alerts_total', help: 'Alerts by kind and outcome (sent, or suppressed by the cooldown).', labelNames: ['kind', 'outcome'], registers: [registry] });
  const ingested = new Counter({ name: 'steward_ingested_rows_total', help: 'Rows taken in: predictions, labels, reference rows, profiled rows.', labelNames: ['kind'], registers: [registry] });
  const chatDeliveries = new Counter({ name: 'steward_chat_deliveries_total', help: 'Chat messages a platform did not take (5xx, 429, no answer): kept for a retry, delivered by a retry, dropped (refused, or not taken for a day), or lost (could not even be kept).', labelNames: ['outcome'], registers: [registry] });
  const dbErrors = new Counter({ name: 'steward_database_errors_total', help: 'Failed database checks at scrape time.', registers: [registry] });
  new Gauge({
    name: 'steward_outbox_depth',
    help: 'Committed events waiting to be carried out (announcements, deploy hand-offs).',
    registers: [registry],
    async collect() {
      try {
        this.set((await deps.store.read.outbox.depth()).count);
      } catch {
        dbErrors.inc();
      }
    },
  });
  new Gauge({
    name: 'steward_outbox_oldest_age_seconds',
    help: 'Age of the oldest event waiting in the outbox (0 when empty).',
    registers: [registry],
    async collect() {
      try {
        const d = await deps.store.read.outbox.depth();
        this.set(d.oldest ? Math.max(0, (deps.clock.now().getTime() - d.oldest.getTime()) / 1000) : 0);
      } catch {
        /* counted above */
      }
    },
  });
  new Gauge({
    name: 'steward_database_up',
    help: '1 when the database answered a query at scrape time.',
    registers: [registry],
    async collect() {
      const t0 = performance.now();
      try {
        await deps.store.read.audit.head();
        this.set(1);
        dbLatency.set((performance.now() - t0) / 1000);
      } catch {
        this.set(0);
        dbErrors.inc();
      }
    },
  });
  new Gauge({
    name: 'steward_chat_deliveries_waiting',
    help: 'Chat messages kept because the platform did not take them, waiting for a retry.',
    registers: [registry],
    async collect() {
      try {
        this.set((await deps.store.read.deliveries.depth()).count);
      } catch {
        dbErrors.inc();
      }
    },
  });
  const dbLatency = new Gauge({ name: 'steward_database_query_seconds', help: 'Time of the database check at scrape time.', registers: [registry] });
  return {
    registry,
    command(verb, outcome, seconds) {
      commands.inc({ verb: label(verb), outcome: label(outcome) });
      replySeconds.observe({ verb: label(verb) }, seconds);
    },
    http(route, method, status, seconds) {
      const labels = { route: label(route), method: label(method), status: String(status) };
      httpRequests.inc(labels);
      httpSeconds.observe(labels, seconds);
    },
    deployment(environment, kind, status, seconds) {
      deployments.inc({ environment: label(environment), kind: label(kind), status: label(status) });
      if (seconds !== null) deploySeconds.observe({ environment: label(environment), status: label(status) }, seconds);
    },
    scheduledRun(status, lagSeconds) {
      runs.inc({ status: label(status) });
      if (status !== 'skipped') lag.observe(Math.max(0, lagSeconds));
    },
    alert(kind, outcome) {
      alerts.inc({ kind: label(kind), outcome });
    },
    ingested(kind, rows) {
      ingested.inc({ kind }, rows);
    },
    chatDelivery(outcome) {
      chatDeliveries.inc({ outcome });
    },
  };
}
