import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AnchorSink, AuditAnchor } from '../governance/domain/audit-keys.js';
import type { ChatPublisher, PostTarget } from '../chat/replies/publisher.js';
import type { Logger } from '../ports/logger.js';

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

/**
 * Anchors also posted to the audit channel (steward.yaml `audit.channel`): a copy outside the
 * database and outside this machine. Reading them back is the file's job; a post that fails is logged.
 */
export function withChannelAnchors(file: AnchorSink, publisher: Pick<ChatPublisher, 'post'>, channel: PostTarget, log: Logger): AnchorSink {
  return {
    async append(a) {
      await file.append(a);
      const r = await publisher.post(channel, {
        title: 'Audit log anchored',
        tone: 'info',
        blocks: [
          { kind: 'text', text: `Head #${a.seq}, ${a.hash.slice(0, 16)}…, sealed with audit key ${a.keyId ?? '(none)'} at ${a.at}. \`steward audit verify\` checks the log against its anchors.` },
          { kind: 'context', text: JSON.stringify(a) },
        ],
      });
      if (!r.ok) log.warn({ reason: r.reason }, 'posting the audit anchor to the audit channel failed');
    },
    read: () => file.read(),
  };
}
