import { createHmac } from 'node:crypto';

/** A small seeded PRNG (mulberry32): the same seed gives the same requests on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ESCAPES = ['%', '%%', '%E0%A4%A', '%E0%A4', '%zz', '%G1', '%1', '%ED%A0%80', '%C0%AF', '%FF', '%F4%90%80%80', '%00', '%0A', '%0D', '%09', '%7F', '%C2%85', '%E2%80%AE', '%F0%9F%92%A5', '%2F', '%25', '%3F'];
const NUMBERS = ['2147483647', '2147483648', '4294967296', '9007199254740993', '99999999999999999999', '1e400', '-1', '0', '00000000001', '1.5', 'NaN', 'Infinity', '0x10', 'v0', 'v2147483648', 'v999999999'];
const WORDS = ['fraud-detector', 'café', '..', '.', 'a b', '"quoted"', "'", '<script>', '\\', '~', '{}', '[]', 'a'.repeat(3000)];
const ROUTES = ['/healthz', '/api/v1/predictions', '/api/v1/labels', '/api/v1/commands', '/api/v1/models/:p/versions/:p/reference', '/api/v1/deployments/:p/callback', '/slack/events', '/api/v1/models/:p', '/api', '/', '/api/v1/deployments/:p'];
const TARGETS = ['http://[', '//[::1', 'http://a:99999999/healthz', 'http://[::1/healthz', 'http://%zz/healthz', 'https://', 'http:/', '//x/healthz', '*', '%', '?', '', 'HTTP://A/healthz', 'http://a/api/v1/deployments/%E0%A4%A/callback', 'http://user:pw@a:1/slack/events', 'ftp://a/healthz', 'http://a:-1/', 'http://[::ffff:1.2.3.4]/api/v1/models/%/versions/1/reference'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'FOO', 'G ET', 'get', 'CONNECT'];
const TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-16', 'multipart/form-data; boundary=', 'text/csv', 'application/vnd.apache.parquet', 'application/octet-stream', '', ';;;', 'application/json; charset=nope', '\u0001'];
const BODIES = ['', '{}', '[]', '{"', 'null', '"x"', '{"model": "\\u0000", "version": 1, "environment": "production", "predictions": []}', '{"text": "status"}', '{"text": "deploy fraud-detector 1 to production"}', '{"status": "succeeded", "deploymentId": 1}', '{"columns": {"a": [1, 2]}}', 'payload=%7B', 'payload={"type":"block_actions"}', 'command=%2Fmlops&text=help', 'ssl_check=1', '{"type": "url_verification"}', '{"type": "event_callback", "event": null}', '\u0000\u0001\u00ff', 'a,b\n1,2\n', '%E0%A4%A'];

/** Bodies Slack never sends, for requests to /slack/events that carry a valid signature. */
const SLACK_BODIES = [
  'command=%2Fmlops&text=help&user_id=U0FUZZ&channel_id=C0FUZZ&team_id=T1',
  'command=%2Fmlops&text=%00%E0%A4%A&user_id=&channel_id=',
  'command=%2Fother&text=deploy',
  'command=%2Fmlops',
  'payload=%7B',
  'payload=null',
  'payload=%7B%22type%22%3A%22block_actions%22%7D',
  'payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%5B%7B%22value%22%3A%22%7B%7D%22%7D%5D%2C%22user%22%3A%7B%7D%7D',
  'payload=%7B%22type%22%3A%22view_submission%22%2C%22view%22%3Anull%7D',
  'payload=%7B%22type%22%3A%22shortcut%22%7D',
  'ssl_check=1&token=x',
  '{"type": "url_verification"}',
  '{"type": "url_verification", "challenge": {"a": 1}}',
  '{"type": "event_callback", "event": null}',
  '{"type": "event_callback", "event": {"type": "app_mention", "text": null, "user": 5, "channel": []}}',
  '{"type": "event_callback", "team_id": "T1", "event": {"type": "app_mention", "text": "<@U0BOT> help", "user": "U0FUZZ", "channel": "C0FUZZ", "ts": "1.2"}}',
  '{"type": "block_actions"}',
  '[]',
  '{',
  '%',
  '',
];

/** A POST to /slack/events signed with the real signing secret and the current time, over a body Slack never sends. */
function signedSlack(r: () => number, secret: string): Buffer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const body = Buffer.from(pick(SLACK_BODIES), 'latin1');
  const json = body[0] === 0x7b || body[0] === 0x5b;
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:`).update(body).digest('hex')}`;
  const type = r() < 0.9 ? (json ? 'application/json' : 'application/x-www-form-urlencoded') : pick(TYPES);
  const head = ['POST /slack/events HTTP/1.1', 'Host: steward.test', 'Connection: close', `Content-Type: ${type}`, `X-Slack-Request-Timestamp: ${ts}`, `X-Slack-Signature: ${sig}`, `Content-Length: ${body.length}`];
  if (r() < 0.2) head.push(`X-Slack-Retry-Num: ${pick(['1', 'x', '-1'])}`, `X-Slack-Retry-Reason: ${pick(['http_timeout', ''])}`);
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/**
 * Generated malformed HTTP/1.1 requests as raw bytes: request lines with broken %-escapes,
 * out-of-range numbers, absolute-form targets that do not parse, bad methods and versions, odd
 * headers, bodies in the wrong content type; and validly signed Slack requests with bodies Slack
 * never sends. Every request asks for `Connection: close`.
 */
export function malformedRequests(n: number, o: { seed: number; token: string; slackSecret: string }): { bytes: Buffer; signedSlack: boolean }[] {
  const r = prng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const param = () =>
    Array.from({ length: 1 + Math.floor(r() * 3) }, () => {
      const k = r();
      return k < 0.5 ? pick(ESCAPES) : k < 0.75 ? pick(NUMBERS) : k < 0.9 ? encodeURIComponent(pick(WORDS)) : pick(WORDS).replace(/ /g, '%20');
    }).join('');
  const query = () => (r() < 0.3 ? `?${pick(['q=%', 'a=%E0%A4%A', '&&==', 'categorical=%00', `categorical=${pick(ESCAPES)}`, 'x'.repeat(2000)])}` : '');
  const target = () => {
    const k = r();
    if (k < 0.15) return pick(TARGETS);
    const path = pick(ROUTES).replace(/:p/g, param) + query();
    return k < 0.25 ? `http://steward.example${path}` : path;
  };
  const out: { bytes: Buffer; signedSlack: boolean }[] = [];
  for (let i = 0; i < n; i++) {
    if (r() < 0.15) {
      out.push({ bytes: signedSlack(r, o.slackSecret), signedSlack: true });
      continue;
    }
    const method = r() < 0.85 ? pick(['GET', 'POST', 'PUT']) : pick(METHODS);
    const version = r() < 0.95 ? 'HTTP/1.1' : pick(['HTTP/1.0', 'HTTP/9.9', '', 'HTTP/1.1 extra', 'http/1.1']);
    let line = `${method} ${target()}${version ? ` ${version}` : ''}`;
    if (r() < 0.03) line = line.replace(' ', pick(['\t', '  ', '\u0000', '\u00ff']));
    const body = Buffer.from(r() < 0.8 ? pick(BODIES) : Array.from({ length: Math.floor(r() * 300) }, () => String.fromCharCode(Math.floor(r() * 256))).join(''), 'latin1');
    const headers: string[] = ['Host: steward.test', 'Connection: close'];
    const type = pick(TYPES);
    if (type) headers.push(`Content-Type: ${type}`);
    if (r() < 0.4) headers.push(`Authorization: ${pick([`Bearer ${o.token}`, `Bearer ${o.token}`, 'Bearer', 'Bearer stw_nope', 'Basic eA==', `Bearer ${'x'.repeat(5000)}`, 'Bearer %E0%A4%A'])}`);
    if (r() < 0.2) headers.push(`X-Steward-Timestamp: ${pick(['1', '99999999999999', String(Math.floor(Date.now() / 1000)), 'x'])}`, `X-Steward-Signature: sha256=${pick(['0'.repeat(64), 'zz', ''])}`);
    if (r() < 0.2) {
      const ts = pick([String(Math.floor(Date.now() / 1000)), '0', 'nan', '-1']);
      headers.push(`X-Slack-Request-Timestamp: ${ts}`, `X-Slack-Signature: ${r() < 0.7 ? `v0=${createHmac('sha256', o.slackSecret).update(`v0:${ts}:`).update(body).digest('hex')}` : 'v0=00'}`);
    }
    if (r() < 0.05) headers.push('Expect: 100-continue');
    if (r() < 0.05) headers.push(`X-Odd: ${pick(['\u00ff\u00fe', 'a'.repeat(9000), ''])}`);
    let payload = body;
    const framing = r();
    if (framing < 0.05) {
      headers.push('Transfer-Encoding: chunked');
      payload = Buffer.concat([Buffer.from(`${pick([body.length.toString(16), 'zz', '-1', 'FFFFFFFFFFFFFFFF'])}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
    } else if (framing < 0.1) headers.push(`Content-Length: ${pick(['-1', 'abc', '1e3', `${body.length}, ${body.length}`, '99999999999999999999', '+5'])}`);
    else headers.push(`Content-Length: ${body.length}`);
    out.push({ bytes: Buffer.concat([Buffer.from(`${line}\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1'), payload]), signedSlack: false });
  }
  return out;
}
