import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AnchorSink, AuditAnchor } from '../governance/domain/audit-keys.js';

/** Anchors as JSON Lines in a file (append only; put it where database users cannot write). */
export function fileAnchorSink(file: string): AnchorSink {
  return {
    async append(a) {
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, `${JSON.stringify(a)}\n`, { mode: 0o600 });
    },
    async read() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw e;
      }
      const out: AuditAnchor[] = [];
      for (const [i, line] of text.split('\n').entries()) {
        if (!line.trim()) continue;
        let a: unknown;
        try {
          a = JSON.parse(line);
        } catch {
          throw new Error(`${file} line ${i + 1} is not an audit anchor (JSON)`);
        }
        const x = a as Partial<AuditAnchor>;
        if (typeof x.seq !== 'number' || typeof x.hash !== 'string' || typeof x.at !== 'string' || typeof x.sig !== 'string' || !(x.keyId === null || typeof x.keyId === 'string')) throw new Error(`${file} line ${i + 1} is not an audit anchor {seq, hash, at, keyId, sig}`);
        out.push(x as AuditAnchor);
      }
      return out;
    },
  };
}
