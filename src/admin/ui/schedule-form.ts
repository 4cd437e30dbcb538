import type { ScheduleInput } from '../../schedules/schedules.service.js';
import { field, singleLineField } from './form-failure.js';

export const WEEKDAYS = ['الأحد', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت'];

export const TIMEZONES = [
  'Asia/Baghdad',
  'Asia/Riyadh',
  'Asia/Dubai',
  'Asia/Qatar',
  'Asia/Kuwait',
  'Asia/Amman',
  'Asia/Beirut',
  'Asia/Damascus',
  'Asia/Jerusalem',
  'Africa/Cairo',
  'Africa/Khartoum',
  'Africa/Tripoli',
  'Africa/Tunis',
  'Africa/Algiers',
  'Africa/Casablanca',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'UTC',
];

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
 * Returns the schedule input, or the reason (in Arabic) the form cannot become one.
 */
export function scheduleInputFrom(values: ScheduleFormValues): ScheduleInput | string {
  let cron = values.cron.trim();
  if (values.frequency !== 'custom') {
    const time = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(values.time);
    if (!time) return 'اختر ساعة الإرسال.';
    const [hour, minute] = [Number(time[1]), Number(time[2])];
    if (values.frequency === 'daily') cron = `${minute} ${hour} * * *`;
    else {
      const day = Number(values.weekday);
      if (!Number.isInteger(day) || day < 0 || day > 6) return 'اختر يوم الإرسال.';
      cron = `${minute} ${hour} * * ${day}`;
    }
  }
  if (!cron) return 'اكتب تعبير cron.';
  if (!values.subject.trim()) return 'اكتب عنوان الرسالة.';
  const maxArticles = Number(values.maxArticles || 10);
  const minArticles = Number(values.minArticles || 1);
  if (!Number.isInteger(maxArticles) || maxArticles < 1 || maxArticles > 50) {
    return 'أقصى عدد للمقالات بين 1 و50.';
  }
  if (!Number.isInteger(minArticles) || minArticles < 0 || minArticles > 50) {
    return 'أدنى عدد للمقالات بين 0 و50.';
  }
  const hours = Number(values.hours);
  if (values.window === 'hours' && (!Number.isInteger(hours) || hours < 1 || hours > 24 * 31)) {
    return 'عدد الساعات بين 1 و744.';
  }
  return {
    list: values.list,
    cron,
    timezone: values.timezone,
    subject: values.subject.slice(0, 300),
    sinceLastDigest: values.window === 'last',
    ...(values.window === 'hours' ? { sinceHours: hours } : {}),
    maxArticles,
    minArticles,
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
    cron: field(body, 'cron').slice(0, 100),
    timezone: field(body, 'timezone') || fallbackZone,
    subject: singleLineField(body, 'subject'),
    window: field(body, 'window') === 'hours' ? 'hours' : 'last',
    hours: field(body, 'hours'),
    maxArticles: field(body, 'maxArticles'),
    minArticles: field(body, 'minArticles'),
    active: field(body, 'active') === 'on',
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
  const simple = /^(\d{1,2}) (\d{1,2}) \* \* (\*|[0-6])$/.exec(schedule.cron);
  const pad = (value: string) => value.padStart(2, '0');
  return {
    list: schedule.list ?? '',
    frequency: simple ? (simple[3] === '*' ? 'daily' : 'weekly') : 'custom',
    time: simple ? `${pad(simple[2])}:${pad(simple[1])}` : '07:00',
    weekday: simple && simple[3] !== '*' ? simple[3] : '0',
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
