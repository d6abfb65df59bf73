import { describe, expect, it } from 'vitest';
import { sign, signatureHeaders, verify } from '../../src/deploy/targets/signature.js';

const SECRET = 'whsec_test';
const BODY = '{"hello":"world"}';
const T = 1_700_000_000;
const at = (s: number) => new Date(s * 1000);
// computed independently: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test', b'1700000000.{\"hello\":\"world\"}', hashlib.sha256).hexdigest())"
const KNOWN = 'sha256=f592bbf3951cfc94e560eecfb5d9dd4da6b0fff2e626235f8ab4b54860925d0b';

const headersFor = (ts: number | string, sig: string) => ({ 'x-steward-timestamp': String(ts), 'x-steward-signature': sig });
const reason = (r: ReturnType<typeof verify>) => (r.ok ? 'ok' : r.error.message);

describe('webhook signature', () => {
  it('is sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>, matching an independent implementation', () => {
    expect(sign(SECRET, T, BODY)).toBe(KNOWN);
    expect(sign(SECRET, T, Buffer.from(BODY))).toBe(KNOWN);
    expect(signatureHeaders(SECRET, BODY, at(T))).toEqual({ 'X-Steward-Timestamp': String(T), 'X-Steward-Signature': KNOWN });
  });

  it('accepts a fresh, correct signature (any header case, up to 300 s either way)', () => {
    expect(verify(headersFor(T, KNOWN), BODY, SECRET, at(T))).toEqual({ ok: true, value: { timestamp: T, secret: SECRET } });
    expect(verify({ 'X-Steward-Timestamp': String(T), 'X-Steward-Signature': KNOWN }, Buffer.from(BODY), SECRET, at(T + 300)).ok).toBe(true);
    expect(verify(new Headers(headersFor(T, KNOWN)), BODY, SECRET, at(T - 300)).ok).toBe(true);
  });

  it('gives a distinct one-line reason for each way a request can be wrong', () => {
    const reasons = [
      reason(verify({ 'x-steward-signature': KNOWN }, BODY, SECRET, at(T))),
      reason(verify({ 'x-steward-timestamp': String(T) }, BODY, SECRET, at(T))),
      reason(verify(headersFor('yesterday', KNOWN), BODY, SECRET, at(T))),
      reason(verify(headersFor(T, 'md5=abc'), BODY, SECRET, at(T))),
      reason(verify(headersFor(T, KNOWN), BODY, SECRET, at(T + 301))),
      reason(verify(headersFor(T, KNOWN), BODY, SECRET, at(T - 301))),
      reason(verify(headersFor(T, KNOWN), '{"hello":"w0rld"}', SECRET, at(T))),
      reason(verify(headersFor(T, KNOWN), BODY, 'another-secret', at(T))),
    ];
    expect(reasons[0]).toMatch(/X-Steward-Timestamp header is missing/);
    expect(reasons[1]).toMatch(/X-Steward-Signature header is missing/);
    expect(reasons[2]).toMatch(/unix time in whole seconds/);
    expect(reasons[3]).toMatch(/sha256= followed by 64 hex digits/);
    expect(reasons[4]).toBe('the signature timestamp is 301 s old (more than 300 s): sign with the current time and send at once');
    expect(reasons[5]).toMatch(/301 s in the future/);
    expect(reasons[6]).toMatch(/signature does not match/);
    expect(reasons[7]).toBe(reasons[6]);
    expect(new Set(reasons.slice(0, 7)).size).toBe(7);
    for (const r of reasons) {
      expect(r).not.toContain('\n');
      expect(r).not.toContain(KNOWN.slice(7, 20));
    }
  });

  it('checks against several secrets and says which one signed (every one is tried)', () => {
    expect(verify(headersFor(T, KNOWN), BODY, ['other-secret', SECRET, 'third'], at(T))).toEqual({ ok: true, value: { timestamp: T, secret: SECRET } });
    expect(reason(verify(headersFor(T, KNOWN), BODY, ['other-secret', 'third'], at(T)))).toMatch(/signature does not match/);
    expect(reason(verify(headersFor(T, KNOWN), BODY, [], at(T)))).toMatch(/signature does not match/);
  });

  it('honours a shorter maximum age', () => {
    expect(verify(headersFor(T, KNOWN), BODY, SECRET, at(T + 61), 60).ok).toBe(false);
    expect(verify(headersFor(T, KNOWN), BODY, SECRET, at(T + 60), 60).ok).toBe(true);
  });
});
