import { unstorableChar } from '../../../core/text-safety.js';
import { binOf, type ProfileBasis } from './profile-basis.js';
import type { ProfileJson } from './profile-json.js';

/**
 * Why an uploaded profile (already valid against profileJsonSchema) cannot be the profile of any
 * set of rows on `basis`, as one line starting with `where` — or null when it can. A profile built
 * by addRow always passes; one edited by hand, truncated or built on other bins does not:
 *   - every count is a whole number (the schema already refused negative ones);
 *   - it lists each feature of the basis once, with the basis's kind and number of bins;
 *   - per feature, count + missing = rows; the bins (numeric) or the categories and "other"
 *     (categorical) add up to count; not-a-number values are among the missing; min ≤ max when
 *     there is a value, and no value is counted in a bin outside [min, max];
 *   - the prediction: count + missing = rows, numbers ≤ count, categories + other ≤ count;
 *   - labels: at most `rows` labelled rows, of them the missing, bad labels and bad predictions;
 *     per sensitive attribute at most the labelled rows, and its groups' cells at most its rows;
 *   - every text (category, group, attribute, value) is storable: no NUL, no unpaired surrogate;
 *     no category, group or attribute is listed twice.
 */
export function profileProblem(j: ProfileJson, basis: ProfileBasis, where = 'profile'): string | null {
  const whole = (v: number, at: string) => (Number.isSafeInteger(v) ? null : `${where}.${at}: must be a whole number (got ${v})`);
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const texts = (xs: readonly (readonly [string, ...unknown[]])[], at: string): string | null => {
    const seen = new Set<string>();
    for (let i = 0; i < xs.length; i++) {
      const k = xs[i]![0];
      const bad = unstorableChar(k);
      if (bad !== null) return `${where}.${at}[${i}]: contains ${bad}, which cannot be stored`;
      if (seen.has(k)) return `${where}.${at}[${i}]: ${JSON.stringify(k.slice(0, 40))} is listed twice`;
      seen.add(k);
    }
    return null;
  };
  const pairs = (xs: readonly (readonly [string, number])[], at: string): string | null => {
    for (let i = 0; i < xs.length; i++) {
      const p = whole(xs[i]![1], `${at}[${i}]`);
      if (p) return p;
      if (xs[i]![1] === 0) return `${where}.${at}[${i}]: a listed count must be above 0`;
    }
    return texts(xs, at);
  };

  const rows = j.rows;
  const r = whole(rows, 'rows');
  if (r) return r;
  if (rows === 0) return `${where}.rows: the profile has no rows; send one built from at least one row`;

  const names = new Map(basis.features.map((f, i) => [f.name, i]));
  const listed = new Set<string>();
  for (let i = 0; i < j.features.length; i++) {
    const f = j.features[i]!;
    const at = `features[${i}]`;
    const k = names.get(f.name);
    if (k === undefined) return `${where}.${at}: ${JSON.stringify(f.name.slice(0, 60))} is not a feature of the version's reference; its features are ${basis.features.map((x) => x.name).join(', ') || '(none)'}`;
    if (listed.has(f.name)) return `${where}.${at}: ${f.name} is listed twice`;
    listed.add(f.name);
    const b = basis.features[k]!;
    if (b.kind !== f.kind) return `${where}.${at}: ${f.name} is a ${b.kind} feature of the reference, not ${f.kind}`;
    for (const [n, v] of [['count', f.count], ['missing', f.missing]] as const) {
      const p = whole(v, `${at}.${n}`);
      if (p) return p;
    }
    if (f.count + f.missing !== rows) return `${where}.${at}: count ${f.count} + missing ${f.missing} must equal rows ${rows}`;
    if (f.kind === 'numeric' && b.kind === 'numeric') {
      if (f.bins.length !== b.edges.length + 1) return `${where}.${at}.bins: ${f.name} has ${f.bins.length} bins; the basis has ${b.edges.length + 1}: fetch the basis again and rebuild the profile`;
      const nn = whole(f.notNumbers, `${at}.notNumbers`);
      if (nn) return nn;
      if (f.notNumbers > f.missing) return `${where}.${at}: notNumbers ${f.notNumbers} cannot be more than missing ${f.missing}`;
      let first = -1;
      let last = -1;
      for (let i2 = 0; i2 < f.bins.length; i2++) {
        const p = whole(f.bins[i2]!, `${at}.bins[${i2}]`);
        if (p) return p;
        if (f.bins[i2]! > 0) {
          if (first < 0) first = i2;
          last = i2;
        }
      }
      if (sum(f.bins) !== f.count) return `${where}.${at}.bins: add up to ${sum(f.bins)}, but count is ${f.count}`;
      if (f.count > 0) {
        if (f.min === null || f.max === null || f.min > f.max) return `${where}.${at}: with ${f.count} values, min and max must be numbers with min ≤ max`;
        if (binOf(b.edges, f.min) > first || binOf(b.edges, f.max) < last) return `${where}.${at}: values are counted in bins outside [min, max] = [${f.min}, ${f.max}]`;
      }
    } else if (f.kind === 'categorical') {
      const p = pairs(f.counts, `${at}.counts`) ?? whole(f.other, `${at}.other`);
      if (p) return p;
      if (sum(f.counts.map((c) => c[1])) + f.other !== f.count) return `${where}.${at}: the category counts and other add up to ${sum(f.counts.map((c) => c[1])) + f.other}, but count is ${f.count}`;
    }
  }
  const absent = basis.features.find((f) => !listed.has(f.name));
  if (absent) return `${where}.features: ${absent.name} is missing; a profile lists every feature of the basis (a column the data lacks counts as missing)`;

  const v = j.prediction;
  for (const [n, x] of [['count', v.count], ['missing', v.missing], ['numbers', v.numbers], ['other', v.other]] as const) {
    const p = whole(x, `prediction.${n}`);
    if (p) return p;
  }
  if (v.count + v.missing !== rows) return `${where}.prediction: count ${v.count} + missing ${v.missing} must equal rows ${rows}`;
  if (v.numbers > v.count) return `${where}.prediction: numbers ${v.numbers} cannot be more than count ${v.count}`;
  if (v.numbers > 0 && (v.min === null || v.max === null || v.min > v.max)) return `${where}.prediction: with ${v.numbers} numbers, min and max must be numbers with min ≤ max`;
  const vc = pairs(v.categories, 'prediction.categories');
  if (vc) return vc;
  if (sum(v.categories.map((c) => c[1])) + v.other > v.count) return `${where}.prediction: the category counts and other add up to more than count ${v.count}`;

  const l = j.labels;
  for (const [n, x] of [['rows', l.rows], ['missing', l.missing]] as const) {
    const p = whole(x, `labels.${n}`);
    if (p) return p;
  }
  if (l.rows > rows) return `${where}.labels.rows: ${l.rows} labelled rows, but the profile has ${rows} rows`;
  if (l.missing > l.rows) return `${where}.labels.missing: ${l.missing} cannot be more than the ${l.rows} labelled rows`;
  for (const [n, xs] of [['badLabels', l.badLabels], ['badPredictions', l.badPredictions]] as const) {
    const p = pairs(xs, `labels.${n}`);
    if (p) return p;
    if (sum(xs.map((c) => c[1])) > l.rows) return `${where}.labels.${n}: add up to more than the ${l.rows} labelled rows`;
  }
  const at = texts(l.attributes.map((a) => [a.name] as const), 'labels.attributes');
  if (at) return at;
  for (let i = 0; i < l.attributes.length; i++) {
    const a = l.attributes[i]!;
    const w = `labels.attributes[${i}]`;
    const p = whole(a.rows, `${w}.rows`);
    if (p) return p;
    if (a.rows > l.rows) return `${where}.${w}: ${a.name} has ${a.rows} rows, more than the ${l.rows} labelled rows`;
    const g = texts(a.groups, `${w}.groups`);
    if (g) return g;
    let cells = 0;
    for (let k = 0; k < a.groups.length; k++) {
      for (let c = 0; c < 5; c++) {
        const q = whole(a.groups[k]![1][c]!, `${w}.groups[${k}][1][${c}]`);
        if (q) return q;
      }
      cells += sum(a.groups[k]![1]);
    }
    if (cells > a.rows) return `${where}.${w}: its groups' cells add up to ${cells}, more than its ${a.rows} rows`;
  }
  return null;
}
