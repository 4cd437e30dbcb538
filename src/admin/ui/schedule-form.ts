import { html, ltr, type SafeHtml } from '../../common/html.js';
import {
  type BoundedField,
  CRON_MAX_LENGTH,
  SCHEDULE_BOUNDS,
  SCHEDULE_DEFAULTS,
  SUBJECT_MAX_LENGTH,
  withinBounds,
} from '../../schedules/schedule-rules.js';
import type { ScheduleInput } from '../../schedules/schedule-input.js';
import { field, singleLineField } from './form-failure.js';
import { rangeMessage } from './schedule-messages.js';

export const WEEKDAYS = ['الأحد', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت'];

/** The form's values as the page shows them again (after an error, or to edit). */
export interface ScheduleFormValues {
  list: string;
  frequency: 'daily' | 'weekly' | 'custom';
  time: string;
  weekday: string;
  cron: string;
  timezone: string;
  subject: string;
  window: 'last' | 'hours';
  hours: string;
  maxArticles: string;
  minArticles: string;
  active: boolean;
}

/**
 * Editors pick "every day at 07:00" or "every Sunday at 07:00"; only the custom choice shows cron.
 * Returns the schedule input, or the reason (in Arabic) the form cannot become one. The bounds are
 * the schedules' own (SCHEDULE_BOUNDS), so the form refuses exactly what the service would.
 */
export function scheduleInputFrom(values: ScheduleFormValues): ScheduleInput | SafeHtml {
  let cron = values.cron.trim();
  if (values.frequency !== 'custom') {
    const time = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(values.time);
    if (!time) return html`اختر ساعة الإرسال.`;
    const [hour, minute] = [Number(time[1]), Number(time[2])];
    if (values.frequency === 'daily') cron = `${minute} ${hour} * * *`;
    else {
      const day = Number(values.weekday);
      if (!/^[0-6]$/.test(values.weekday)) return html`اختر يوم الإرسال.`;
      cron = `${minute} ${hour} * * ${day}`;
    }
  }
  if (!values.list) return html`اختر القائمة التي تُرسل إليها النشرة.`;
  if (!cron) return html`اكتب تعبير ${ltr('cron')}، مثل ${ltr('0 7 * * 1-5')}.`;
  if (!values.subject.trim()) return html`اكتب عنوان الرسالة.`;
  const numbers = {
    maxArticles: Number(values.maxArticles || SCHEDULE_DEFAULTS.maxArticles),
    minArticles: Number(values.minArticles || SCHEDULE_DEFAULTS.minArticles),
    sinceHours: Number(values.hours),
  };
  const checked: BoundedField[] = ['maxArticles', 'minArticles'];
  if (values.window === 'hours') checked.push('sinceHours');
  for (const field of checked) {
    if (!withinBounds(field, numbers[field])) {
      const { min, max } = SCHEDULE_BOUNDS[field];
      return html`${rangeMessage(field, min, max)}`;
    }
  }
  return {
    list: values.list,
    cron,
    timezone: values.timezone,
    subject: values.subject.slice(0, SUBJECT_MAX_LENGTH),
    sinceLastDigest: values.window === 'last',
    ...(values.window === 'hours' ? { sinceHours: numbers.sinceHours } : {}),
    maxArticles: numbers.maxArticles,
    minArticles: numbers.minArticles,
    active: values.active,
  };
}

export function scheduleFormFromBody(body: unknown, fallbackZone: string): ScheduleFormValues {
  const frequency = field(body, 'frequency');
  return {
    list: field(body, 'list'),
    frequency: frequency === 'weekly' || frequency === 'custom' ? frequency : 'daily',
    time: field(body, 'time'),
    weekday: field(body, 'weekday'),
    cron: field(body, 'cron').slice(0, CRON_MAX_LENGTH),
    timezone: field(body, 'timezone') || fallbackZone,
    subject: singleLineField(body, 'subject'),
    window: field(body, 'window') === 'hours' ? 'hours' : 'last',
    hours: field(body, 'hours'),
    maxArticles: field(body, 'maxArticles'),
    minArticles: field(body, 'minArticles'),
    active: field(body, 'active') === 'on',
  };
}

/** A daily or weekly cron at one time («0 7 * * *», «30 18 * * 5»), read back; null for the rest. */
export function simpleCron(
  cron: string,
): { hour: number; minute: number; weekday: number | null } | null {
  const match = /^(\d{1,2}) (\d{1,2}) \* \* (\*|[0-6])$/.exec(cron.trim());
  if (!match || Number(match[1]) > 59 || Number(match[2]) > 23) return null;
  return {
    minute: Number(match[1]),
    hour: Number(match[2]),
    weekday: match[3] === '*' ? null : Number(match[3]),
  };
}

/** An existing schedule as the form shows it: simple crons become daily/weekly choices. */
export function scheduleFormFromSchedule(schedule: {
  list?: string;
  cron: string;
  timezone: string;
  subject: string;
  sinceLastDigest: boolean;
  sinceHours: number | null;
  maxArticles: number;
  minArticles: number;
  active: boolean;
}): ScheduleFormValues {
  const simple = simpleCron(schedule.cron);
  const pad = (value: number) => String(value).padStart(2, '0');
  return {
    list: schedule.list ?? '',
    frequency: simple ? (simple.weekday === null ? 'daily' : 'weekly') : 'custom',
    time: simple ? `${pad(simple.hour)}:${pad(simple.minute)}` : '07:00',
    weekday: simple?.weekday != null ? String(simple.weekday) : '0',
    cron: schedule.cron,
    timezone: schedule.timezone,
    subject: schedule.subject,
    window: schedule.sinceLastDigest ? 'last' : 'hours',
    hours: schedule.sinceHours ? String(schedule.sinceHours) : '24',
    maxArticles: String(schedule.maxArticles),
    minArticles: String(schedule.minArticles),
    active: schedule.active,
  };
}
