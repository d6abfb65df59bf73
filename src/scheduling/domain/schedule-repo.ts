import type { NewSchedule, Schedule } from './schedule.js';

export interface ScheduleRepo {
  create(n: NewSchedule): Promise<Schedule>;
  /** Insert or update the schedule with this key (declared in steward.yaml). */
  upsertByKey(n: NewSchedule & { readonly key: string }): Promise<{ schedule: Schedule; change: 'created' | 'updated' | 'unchanged' }>;
  byId(id: number): Promise<Schedule | null>;
  /** Oldest first. */
  list(): Promise<Schedule[]>;
  /** false when there was no such schedule */
  remove(id: number): Promise<boolean>;
}
