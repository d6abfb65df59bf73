/** The rows a profile writer logs: 100 per batch spread over three hours, some labelled, with awkward values. */
export function writerBatch(prefix: string, b: number): Record<string, unknown>[] {
  return Array.from({ length: 100 }, (_, i) => {
    const k = b * 100 + i;
    return {
      id: `${prefix}-${k}`,
      timestamp: new Date(Date.UTC(2026, 10, 27, 9 + (k % 3), (k * 7) % 60, k % 60)).toISOString(),
      features: { amount: k % 17 === 0 ? null : ((k * 37) % 1000) / 3, items: k % 11 === 0 ? 'many' : k % 6, country: ['DE', 'FR', 'ES', 'IT', ''][k % 5] },
      prediction: k % 3 === 0 ? 1 : 0,
      ...(k % 4 === 0 ? { label: k % 8 === 0 ? 1 : 0, sensitive: { sex: k % 5 === 0 ? 'F' : 'M', ...(k % 3 ? { age: k % 2 ? 'old' : 'young' } : {}) } } : {}),
    };
  });
}
