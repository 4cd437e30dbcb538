import { z } from 'zod';
import { singleLine } from '../common/zod-body.js';
import {
  type BoundedField,
  CRON_MAX_LENGTH,
  SCHEDULE_BOUNDS,
  SUBJECT_MAX_LENGTH,
  TIMEZONE_MAX_LENGTH,
} from './schedule-rules.js';

/** A whole number within the field's bounds, the same ones the form and the service use. */
const bounded = (field: BoundedField) =>
  z.number().int().min(SCHEDULE_BOUNDS[field].min).max(SCHEDULE_BOUNDS[field].max).optional();

const fields = {
  list: z.string({ error: 'is required: a list slug' }).min(1).max(64),
  cron: z.string({ error: 'is required, e.g. "0 7 * * *"' }).min(1).max(CRON_MAX_LENGTH),
  timezone: z.string({ error: 'is required, e.g. "Asia/Baghdad"' }).min(1).max(TIMEZONE_MAX_LENGTH),
  subject: singleLine(SUBJECT_MAX_LENGTH).pipe(z.string().min(1, 'is required')),
  sinceLastDigest: z.boolean().optional(),
  sinceHours: bounded('sinceHours'),
  maxArticles: bounded('maxArticles'),
  minArticles: bounded('minArticles'),
  active: z.boolean().optional(),
};

/**
 * A new schedule as the API takes it. The editors' form builds the same input
 * (src/admin/ui/schedule-form.ts); the service checks what no schema can (the zone, the cron, how
 * often it runs) with the same bounds, in src/schedules/schedule-problems.ts.
 */
export const scheduleCreateSchema = z.object(fields);

/** Any of a schedule's fields; `{"active": false}` pauses it. */
export const scheduleUpdateSchema = z.object(fields).partial();

export type ScheduleInput = z.infer<typeof scheduleCreateSchema>;
