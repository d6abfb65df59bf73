import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AuditEvent, GENESIS_HASH } from '../../../src/governance/domain/audit-event.js';
import { canonicalJson } from '../../../src/governance/domain/canonical-json.js';
import { chainHash, verifyChain } from '../../../src/governance/domain/hash-chain.js';

const h = (s: string) => createHash('sha256').update(s).digest('hex');

function chain(n: number): AuditEvent[] {
  const out: AuditEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = { seq: i, at: new Date(Date.UTC(2026, 10, i)), actor: `console:u${i}`, platform: 'console', channel: 'c', action: 'version.registered' as const, target: 'model:m', details: { version: i }, prevHash: prev };
    const ev = { ...e, hash: chainHash(e, h) };
    out.push(ev);
    prev = ev.hash;
  }
  return out;
}
const headOf = (es: AuditEvent[]) => ({ seq: es.at(-1)!.seq, hash: es.at(-1)!.hash });

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined, so equal values hash equally', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: undefined } })).toBe('{"a":{"d":[2,{"y":null,"z":1}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
  it('refuses non-finite numbers rather than writing null silently', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('audit hash chain', () => {
  it('hash = SHA-256(previous hash + canonical JSON of the event)', () => {
    const [e] = chain(1);
    const material = canonicalJson({ seq: 1, at: e!.at.toISOString(), actor: e!.actor, platform: 'console', channel: 'c', action: e!.action, target: 'model:m', details: { version: 1 }, prevHash: GENESIS_HASH });
    expect(e!.hash).toBe(h(GENESIS_HASH + material));
  });

  it('verifies an intact chain and counts its events', () => {
    const es = chain(5);
    expect(verifyChain(es, headOf(es), h)).toEqual({ ok: true, count: 5, headHash: es[4]!.hash });
  });

  it.each(['actor', 'platform', 'channel', 'action', 'target', 'details', 'at'] as const)('names the event whose %s was changed', (field) => {
    const es = chain(5);
    const changed: Record<string, unknown> = { actor: 'console:mallory', platform: 'slack', channel: 'x', action: 'deploy.approved', target: 'model:other', details: { version: 99 }, at: new Date(0) };
    es[2] = { ...es[2]!, [field]: changed[field] } as AuditEvent;
    expect(verifyChain(es, headOf(chain(5)), h)).toMatchObject({ ok: false, brokenSeq: 3 });
  });

  it('detects a changed hash, a deleted middle row, and a deleted tail', () => {
    const es = chain(5);
    const head = headOf(es);
    expect(verifyChain(es.map((e, i) => (i === 1 ? { ...e, hash: 'f'.repeat(64) } : e)), head, h)).toMatchObject({ ok: false, brokenSeq: 2 });
    expect(verifyChain([...es.slice(0, 2), ...es.slice(3)], head, h)).toMatchObject({ ok: false, brokenSeq: 4, reason: expect.stringContaining('#3 missing') });
    expect(verifyChain(es.slice(0, 4), head, h)).toMatchObject({ ok: false, brokenSeq: 5, reason: expect.stringContaining('missing from the end') });
  });

  it('detects a re-hashed forgery that does not link to its predecessor', () => {
    const es = chain(3);
    const forged = { ...es[1]!, details: { version: 42 }, prevHash: 'a'.repeat(64) };
    es[1] = { ...forged, hash: chainHash(forged, h) };
    expect(verifyChain(es, headOf(chain(3)), h)).toMatchObject({ ok: false, brokenSeq: 2, reason: expect.stringContaining('does not link') });
  });
});
