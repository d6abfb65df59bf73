import type { AppError } from '../../core/result.js';
import type { Block, Reply } from './reply.js';

export const text = (t: string): Block => ({ kind: 'text', text: t });
export const context = (t: string): Block => ({ kind: 'context', text: t });
export const fields = (f: Record<string, string>): Block => ({ kind: 'fields', fields: Object.entries(f).map(([label, value]) => ({ label, value })) });
export const table = (columns: string[], rows: string[][], more?: number): Block => ({ kind: 'table', columns, rows, ...(more ? { more } : {}) });

export function errorReply(e: AppError): Reply {
  return {
    tone: e.code === 'forbidden' || e.code === 'bad_input' || e.code === 'unknown_command' ? 'warning' : 'danger',
    blocks: [text(e.message), ...(e.hint ? [context(e.hint)] : [])],
    ephemeral: true,
    error: e.code,
  };
}

export { ago, fmtNumber, fmtTime } from '../../core/format.js';

