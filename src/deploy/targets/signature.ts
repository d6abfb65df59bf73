import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { err, ok, type Result } from '../../core/result.js';

/**
 * The Steward webhook signature, used both ways (Steward -> receiver, receiver -> callback):
 *   X-Steward-Timestamp: <unix seconds>
 *   X-Steward-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 */
export const TIMESTAMP_HEADER = 'X-Steward-Timestamp';
export const SIGNATURE_HEADER = 'X-Steward-Signature';
export const DEFAULT_MAX_AGE_SECONDS = 300;

/** "sha256=<hex>" for this timestamp and body. */
export function sign(secret: string, timestamp: number, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** The two headers for a body sent now. */
export function signatureHeaders(secret: string, body: string | Buffer, now: Date): Record<string, string> {
  const ts = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: sign(secret, ts, body) };
}

type HeaderBag = IncomingHttpHeaders | Headers | Readonly<Record<string, string | string[] | undefined>>;

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const bag = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(bag).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : bag[key];
  return Array.isArray(v) ? v[0] : v;
}

export const SIGNATURE_MISMATCH = 'the signature does not match: sign "<timestamp>.<raw body>" with HMAC-SHA256 and this environment\'s webhook secret';

/**
 * Checks a signed request: both headers present and well formed, the timestamp within
 * `maxAgeSeconds` of now (either way), and the signature equal, in constant time, to the one made
 * with `secret` (given a list, with one of them: the value says which). Each failure has its own one-line
 * reason, safe to send back to the caller (it never contains a secret or the expected signature).
 */
export function verify(headers: HeaderBag, rawBody: string | Buffer, secret: string | readonly string[], now: Date, maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS): Result<{ timestamp: number; secret: string }> {
  const tsText = header(headers, TIMESTAMP_HEADER);
  const sigText = header(headers, SIGNATURE_HEADER);
  if (tsText === undefined || tsText === '') return err('forbidden', `the ${TIMESTAMP_HEADER} header is missing: send the unix time in seconds and sign "<timestamp>.<body>"`);
  if (sigText === undefined || sigText === '') return err('forbidden', `the ${SIGNATURE_HEADER} header is missing: send sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the webhook secret>`);
  if (!/^\d{1,12}$/.test(tsText.trim())) return err('forbidden', `${TIMESTAMP_HEADER} must be the unix time in whole seconds, e.g. ${Math.floor(now.getTime() / 1000)}`);
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(sigText.trim());
  if (!m) return err('forbidden', `${SIGNATURE_HEADER} must be sha256= followed by 64 hex digits`);
  const timestamp = Number(tsText.trim());
  const skew = Math.floor(now.getTime() / 1000) - timestamp;
  if (skew > maxAgeSeconds) return err('forbidden', `the signature timestamp is ${skew} s old (more than ${maxAgeSeconds} s): sign with the current time and send at once`);
  if (-skew > maxAgeSeconds) return err('forbidden', `the signature timestamp is ${-skew} s in the future (more than ${maxAgeSeconds} s): check the sender's clock`);
  const given = Buffer.from(m[1]!.toLowerCase(), 'hex');
  let matched: string | null = null;
  // every secret is tried, so the time taken does not say which one matched
  for (const s of typeof secret === 'string' ? [secret] : secret) {
    const expected = Buffer.from(sign(s, timestamp, rawBody).slice('sha256='.length), 'hex');
    if (timingSafeEqual(given, expected) && matched === null) matched = s;
  }
  if (matched === null) return err('forbidden', SIGNATURE_MISMATCH);
  return ok({ timestamp, secret: matched });
}
