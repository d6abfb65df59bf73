/**
 * An ingress route module for tests, loaded on the ingress thread. `die`: a request throws outside
 * any handler, as a bug in an ingress module would, so the whole ingress thread dies. `forward`: a
 * request is answered 202 here and forwarded to the route's onMessage on the main thread.
 */
import type { IngressFactory } from '../../src/http/http-ingress.js';

export const ingress: IngressFactory<{ mode: 'die' | 'forward' }> = (o, toMain) => ({
  handle(req, res) {
    if (o.mode === 'die') {
      setImmediate(() => {
        throw new Error('a bug on the ingress thread');
      });
      return;
    }
    res.writeHead(202).end();
    toMain({ path: req.url });
  },
  onMessage() {},
});
