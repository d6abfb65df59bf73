import { describe, expect, it } from 'vitest';
import { secretScrubber } from '../../../src/core/secret-scrub.js';
import { stripTerminalControls, unstorableChar } from '../../../src/core/text-safety.js';

describe('text PostgreSQL cannot store', () => {
  it('names a NUL and an unpaired surrogate with their position, and passes emoji and accents', () => {
    expect(unstorableChar('ab\u0000c')).toBe('a NUL character (U+0000) at position 3');
    expect(unstorableChar('x\ud800y')).toBe('an unpaired surrogate (U+D800) at position 2');
    expect(unstorableChar('\udc00')).toBe('an unpaired surrogate (U+DC00) at position 1');
    expect(unstorableChar('Zürich 😀 東京')).toBeNull();
  });
});

describe('terminal controls', () => {
  it('strips ANSI and OSC escapes, bells and NULs, and keeps text, tabs and newlines', () => {
    expect(stripTerminalControls('fraud\u001b[2J\u001b]0;owned\u0007 model\u0000\tv2\r\nok')).toBe('fraud model\tv2\nok');
    expect(stripTerminalControls('\u009b31mred\u001b[0m')).toBe('red');
    expect(stripTerminalControls('plain — text ✓')).toBe('plain — text ✓');
  });
});

describe('secret scrubber', () => {
  it('removes configured secrets (also JSON- and URL-encoded) and credentials after an auth scheme', () => {
    const scrub = secretScrubber(['s3cr3t/"value', 'short']);
    expect(scrub('echo: s3cr3t/"value and s3cr3t/\\"value and s3cr3t%2F%22value')).toBe('echo: [redacted] and [redacted] and [redacted]');
    expect(scrub('Authorization: Bearer abcdefgh12345678xyz')).toBe('Authorization: Bearer [redacted]');
    expect(scrub('token ghp_abcdefghijklmnopqrstuvwxyz0123')).toBe('token [redacted]');
    expect(scrub('xoxb-1234-5678-abcdefgh in a message')).toBe('[redacted] in a message');
    expect(scrub('a short secret stays: short; the token expired yesterday')).toBe('a short secret stays: short; the token expired yesterday');
  });
});
