import { type ApiPorts, apiRoutes } from './api-routes.js';
import { deployCallbackRoute } from './deploy-callback-route.js';
import { trainingCallbackRoute } from './training-callback-route.js';
import { mlflowWebhookRoute } from './mlflow-webhook-route.js';
import { type Route, type RunningHttpServer, startHttpServer } from './http-server.js';

/** Start the HTTP API when STEWARD_HTTP_PORT is set (config.http.port); null otherwise. `extra` routes (e.g. a Slack receiver) share the server. */
export async function startApiServer(p: ApiPorts, extra: readonly Route[] = []): Promise<RunningHttpServer | null> {
  const { config, log } = p;
  if (config.http.port === null) return null;
  const server = await startHttpServer({ host: config.http.host, port: config.http.port, routes: [...apiRoutes(p), deployCallbackRoute(p), trainingCallbackRoute(p), ...(p.registrySource && config.registry ? [mlflowWebhookRoute({ ...p, source: p.registrySource })] : []), ...extra], log, ...(p.metrics ? { observe: (route, method, status, seconds) => p.metrics!.http(route, method, status, seconds) } : {}) });
  log.info({ url: server.url }, 'HTTP API listening');
  return server;
}
