import { type ApiPorts, apiRoutes } from './api-routes.js';
import { deployCallbackRoute } from './deploy-callback-route.js';
import { trainingCallbackRoute } from './training-callback-route.js';
import { mlflowWebhookRoute } from './mlflow-webhook-route.js';
import { DEFAULT_LIMITS } from '../config/limits-config.js';
import { tokenRateLimit } from './token-rate-limit.js';
import { pageRoutes } from './page-routes.js';
import { type Route, type RunningHttpServer, startHttpServer } from './http-server.js';

/** Start the HTTP API when STEWARD_HTTP_PORT is set (config.http.port); null otherwise. `extra` routes (e.g. a Slack receiver) share the server. */
export async function startApiServer(p: ApiPorts, extra: readonly Route[] = []): Promise<RunningHttpServer | null> {
  const { config, log } = p;
  if (config.http.port === null) return null;
  const limits = config.limits ?? DEFAULT_LIMITS;
  const ports: ApiPorts = { ...p, rate: p.rate ?? tokenRateLimit(limits.perTokenPerMinute) };
  // the Slack endpoint (the one ingress route) takes what Slack sends, far less than the API's batches
  const slackSized = extra.map((r) => ('ingress' in r ? { ...r, maxBodyBytes: limits.slackBodyBytes } : r));
  const server = await startHttpServer({
    host: config.http.host,
    port: config.http.port,
    routes: [...apiRoutes(ports), deployCallbackRoute(ports), trainingCallbackRoute(ports), ...(p.registrySource && config.registry ? [mlflowWebhookRoute({ ...ports, source: p.registrySource })] : []), ...(p.pages ? pageRoutes({ ...ports, pages: p.pages }) : []), ...slackSized],
    log,
    maxBodyBytes: limits.bodyBytes,
    headersTimeoutMs: limits.headersTimeoutMs,
    requestTimeoutMs: limits.requestTimeoutMs,
    ...(p.metrics ? { observe: (route: string, method: string, status: number, seconds: number) => p.metrics!.http(route, method, status, seconds) } : {}),
  });
  log.info({ url: server.url }, 'HTTP API listening');
  return server;
}
