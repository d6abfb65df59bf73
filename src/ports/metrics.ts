/**
 * What Steward counts for operators (`/metrics`, Prometheus text format; src/app/prometheus-metrics.ts).
 * Recording never throws and never blocks; a process without metrics uses `noMetrics`.
 */
export interface Metrics {
  /** a chat or CLI command (verb, or `button:<action>`) and how it ended: ok or its error code */
  command(verb: string, outcome: string, seconds: number): void;
  /** an HTTP request to a plain route (the route pattern, never the path with ids) */
  http(route: string, method: string, status: number, seconds: number): void;
  /** a deployment that ended, and how long it ran */
  deployment(environment: string, kind: string, status: string, seconds: number | null): void;
  /** a scheduled run (report, digest, alert check) and how late it started after its slot */
  scheduledRun(status: string, lagSeconds: number): void;
  /** an alert posted to subscribed channels, or held back by its cooldown */
  alert(kind: string, outcome: 'sent' | 'suppressed'): void;
  /** rows taken in through the API or CLI */
  ingested(kind: 'predictions' | 'labels' | 'reference' | 'profiles', rows: number): void;
  /** a chat message the platform did not take: kept for a retry, delivered by one, dropped, or lost (not even kept) */
  chatDelivery(outcome: 'kept' | 'delivered' | 'dropped' | 'lost'): void;
}

export const noMetrics: Metrics = { command() {}, http() {}, deployment() {}, scheduledRun() {}, alert() {}, ingested() {}, chatDelivery() {} };
