import { parseCron, latestSlot, nextSlots, isSlot } from '../src/scheduler/cron-slots.js';
const p = (e: string) => { const r = parseCron(e); if (!r.ok) throw new Error(r.error.message); return r.value; };
const iso = (d: Date | null) => d?.toISOString() ?? null;
const tz = 'Europe/Madrid';
console.log(nextSlots(p('30 2 * * *'), tz, new Date('2026-03-28T12:00:00Z'), 3).map(iso));
console.log(nextSlots(p('30 2 * * *'), tz, new Date('2026-10-24T12:00:00Z'), 3).map(iso));
console.log(nextSlots(p('*/20 * * * *'), tz, new Date('2026-10-25T00:00:00Z'), 8).map(iso));
console.log(nextSlots(p('*/20 * * * *'), tz, new Date('2026-03-29T00:30:00Z'), 4).map(iso));
console.log(iso(latestSlot(p('30 2 * * *'), tz, new Date('2026-03-29T12:00:00Z'), new Date('2026-03-20T00:00:00Z'))));
console.log(iso(latestSlot(p('30 2 * * *'), tz, new Date('2026-10-25T12:00:00Z'), new Date('2026-10-20T00:00:00Z'))));
console.log(iso(latestSlot(p('0 9 * * 1'), tz, new Date('2026-11-27T12:00:00Z'), new Date('2026-10-20T00:00:00Z'))));
console.log(nextSlots(p('*/15 * * * * *'), 'UTC', new Date('2026-11-27T12:00:07.500Z'), 3).map(iso));
console.log(parseCron('61 * * * *'), parseCron('0 0 L * *'), parseCron('* * *'));
// differential vs node-cron match
import cron from 'node-cron';
const exprs = ['*/7 * * * *', '0 9 * * 1-5', '15,45 */3 * * *', '0 0 1-7 * 1', '*/13 */5 * * * *', '0 12 */5 jan,jun *', '0 0 * * 0'];
let checked = 0, bad = 0;
for (const e of exprs) for (const zone of ['Europe/Madrid', 'UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
  const c = p(e); const task = cron.createTask(e, () => {}, { timezone: zone });
  let from = new Date('2026-01-01T00:00:00Z');
  for (let i = 0; i < 300; i++) {
    const n = nextSlots(c, zone, from, 1)[0]!;
    if (!task.match(n)) { bad++; console.log('not a node-cron match', e, zone, n.toISOString()); }
    // the latest slot before n+? equals n
    const back = latestSlot(c, zone, new Date(n.getTime() + 0), new Date(from.getTime()));
    if (back?.getTime() !== n.getTime()) { bad++; console.log('latest mismatch', e, zone, n.toISOString(), back?.toISOString()); }
    from = new Date(n.getTime() + Math.floor(Math.random() * 4e6));
    checked++;
  }
  task.destroy();
}
console.log({ checked, bad });
