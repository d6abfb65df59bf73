/**
 * Consecutive pieces of at most `size` items of a sync or async iterable (an array is read
 * without awaiting per item), for statements that take rows a piece at a time.
 */
export async function* pieces<T>(items: Iterable<T> | AsyncIterable<T>, size: number): AsyncIterable<T[]> {
  if (Array.isArray(items)) {
    for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
    return;
  }
  let piece: T[] = [];
  if (Symbol.iterator in items) {
    for (const item of items) {
      piece.push(item);
      if (piece.length >= size) {
        yield piece;
        piece = [];
      }
    }
  } else {
    for await (const item of items) {
      piece.push(item);
      if (piece.length >= size) {
        yield piece;
        piece = [];
      }
    }
  }
  if (piece.length) yield piece;
}
