import { createHmac, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../../core/result.js';

/** MLflow signs `<delivery id>.<timestamp>.<raw body>`; Steward takes deliveries at most this old (or early). */
export const MAX_SKEW_S = 300;
const DELIVERY_ID = /^[A-Za-z0-9-]{1,100}$/;

type Headers = Readonly<Record<string, string | string[] | undefined>>;
const one = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Checks an MLflow webhook delivery (MLflow 3, mlflow/webhooks/delivery.py): X-MLflow-Signature
 * `v1,<base64 HMAC-SHA256(secret, "<X-MLflow-Delivery-Id>.<X-MLflow-Timestamp>.<raw body>")>`,
 * compared in constant time over the raw bytes; the timestamp within 5 minutes of now. Returns the
 * delivery id, or why it is refused (one line, never a secret).
 */
export function verifyMlflowDelivery(headers: Headers, body: Buffer, secret: string, now: Date): Result<{ deliveryId: string }> {
  const id = one(headers, 'x-mlflow-delivery-id');
  const ts = one(headers, 'x-mlflow-timestamp');
  const sig = one(headers, 'x-mlflow-signature');
  if (!id || !DELIVERY_ID.test(id)) return err('forbidden', 'X-MLflow-Delivery-Id is missing or not a delivery id');
  if (!ts || !/^\d{1,12}$/.test(ts)) return err('forbidden', 'X-MLflow-Timestamp is missing or not unix seconds');
  if (!sig) return err('forbidden', 'X-MLflow-Signature is missing: create the MLflow webhook with the secret in registry.webhookSecretEnv');
  const skew = Math.abs(now.getTime() / 1000 - Number(ts));
  if (skew > MAX_SKEW_S) return err('forbidden', `the delivery's timestamp is ${Math.round(skew)} s away from Steward's clock (at most ${MAX_SKEW_S} s): a stale or replayed delivery, or clocks out of sync`);
  const expected = createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`${id}.${ts}.`, 'utf8'), body])).digest();
  const good = sig.split(' ').some((s) => {
    const [version, b64] = s.split(',', 2);
    if (version !== 'v1' || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return false;
    const given = Buffer.from(b64, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return good ? ok({ deliveryId: id }) : err('forbidden', 'X-MLflow-Signature does not match: the webhook secret in MLflow differs from registry.webhookSecretEnv, or the body was changed');
}
