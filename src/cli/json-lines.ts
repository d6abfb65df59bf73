import { createReadStream, type ReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { RawRow } from '../monitoring/log-predictions.js';

/** Rows parsed ahead of the consumer, at most (about) this many. */
const READ_AHEAD_ROWS = 8192;
const CHUNK_BYTES = 256 * 1024;
/** Line breaks as node:readline splits them (crlfDelay: Infinity): \r\n, \n or a lone \r. */
const LINE_BREAK = /\r\n|\n|\r/g;

/** A UTF-8 byte-order mark at the start of a file is not part of the data. */
const withoutBom = (s: string): string => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

/**
 * The rows of a JSON Lines file ("line N" each; blank lines skipped; a first-line BOM ignored),
 * ending at the first line that is not valid JSON (a row with its problem). The file is read and
 * parsed ahead of the consumer, in the event loop's idle time — while the consumer waits for the
 * database — up to READ_AHEAD_ROWS rows.
 */
export async function* jsonLinesRows(file: string): AsyncIterable<RawRow> {
  const reader = new AheadReader(file);
  try {
    for (;;) {
      const batch = await reader.next();
      if (batch === null) return;
      yield* batch;
    }
  } finally {
    reader.stop();
  }
}

/** Reads and parses the file into batches of rows while the consumer is busy elsewhere. */
class AheadReader {
  private readonly batches: RawRow[][] = [];
  private buffered = 0;
  private done = false;
  private failure: { error: unknown } | null = null;
  private stopped = false;
  private wakeConsumer: (() => void) | null = null;
  private wakeProducer: (() => void) | null = null;
  private readonly stream: ReadStream;
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  private lineNo = 0;

  constructor(file: string) {
    this.stream = createReadStream(file, { highWaterMark: CHUNK_BYTES });
    void this.produce();
  }

  /** The next batch of rows, or null at the end. */
  async next(): Promise<RawRow[] | null> {
    while (this.batches.length === 0) {
      if (this.failure) throw this.failure.error;
      if (this.done) return null;
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    }
    const batch = this.batches.shift()!;
    this.buffered -= batch.length;
    this.wake('producer');
    return batch;
  }

  stop(): void {
    this.stopped = true;
    this.stream.destroy();
    this.wake('producer');
  }

  private wake(who: 'producer' | 'consumer'): void {
    const w = who === 'producer' ? this.wakeProducer : this.wakeConsumer;
    if (who === 'producer') this.wakeProducer = null;
    else this.wakeConsumer = null;
    w?.();
  }

  private async produce(): Promise<void> {
    try {
      for await (const chunk of this.stream) {
        if (this.stopped) return;
        const rows = this.lines(this.rest + this.decoder.write(chunk as Buffer), false);
        if (rows === null) return;
        while (this.buffered >= READ_AHEAD_ROWS && !this.stopped) await new Promise<void>((resolve) => (this.wakeProducer = resolve));
      }
      if (!this.stopped) this.lines(this.rest + this.decoder.end(), true);
    } catch (e) {
      if (!this.stopped) this.failure = { error: e };
    } finally {
      this.done = true;
      this.wake('consumer');
    }
  }

  /** Parses the complete lines of `text` into a batch; keeps the unfinished last line. null after a bad line. */
  private lines(text: string, atEnd: boolean): RawRow[] | null {
    const batch: RawRow[] = [];
    let start = 0;
    let bad = false;
    LINE_BREAK.lastIndex = 0;
    for (let m = LINE_BREAK.exec(text); m !== null; m = LINE_BREAK.exec(text)) {
      // a \r at the very end may be the first half of a \r\n split across reads
      if (!atEnd && m[0] === '\r' && m.index === text.length - 1) break;
      bad = this.line(text.slice(start, m.index), batch);
      start = m.index + m[0].length;
      if (bad) break;
    }
    this.rest = text.slice(start);
    if (!bad && atEnd && this.rest !== '') bad = this.line(this.rest, batch);
    if (batch.length) {
      this.batches.push(batch);
      this.buffered += batch.length;
      this.wake('consumer');
    }
    if (bad) this.stopped = true;
    return bad ? null : batch;
  }

  /** Adds one line's row to `batch`; true when the line is not valid JSON (its problem added, reading ends). */
  private line(raw: string, batch: RawRow[]): boolean {
    const n = ++this.lineNo;
    const line = n === 1 ? withoutBom(raw) : raw;
    if (line.trim() === '') return false;
    try {
      batch.push({ where: `line ${n}`, raw: JSON.parse(line) });
      return false;
    } catch (e) {
      batch.push({ where: `line ${n}`, problem: `line ${n}: not valid JSON (${(e as Error).message.split('\n')[0]})` });
      return true;
    }
  }
}
