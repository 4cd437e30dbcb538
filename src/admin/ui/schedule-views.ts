import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, ltr, type SafeHtml } from '../../common/html.js';
import {
  CRON_MAX_LENGTH,
  SCHEDULE_BOUNDS,
  SUBJECT_MAX_LENGTH,
} from '../../schedules/schedule-rules.js';
import type { SchedulesService } from '../../schedules/schedules.service.js';
import { arabicNumber } from '../../common/arabic-format.js';
import { csrfField, selectOption } from './form-fields.js';
import { type ScheduleFormValues, simpleCron, WEEKDAYS } from './schedule-form.js';
import { type ZoneOption, zoneChoices, zoneLabel } from './time-zone-names.js';

export type ScheduleView = Awaited<ReturnType<SchedulesService['view']>>;

/** The day names after «كل يوم»: «كل يوم جمعة». */
const WEEKDAYS_AFTER_EVERY = ['أحد', 'اثنين', 'ثلاثاء', 'أربعاء', 'خميس', 'جمعة', 'سبت'];
const TWO_DIGITS = new Intl.NumberFormat('ar', { minimumIntegerDigits: 2 });

/** The schedules as cards: each fact under its own label, so the zone never reads as the list. */
export function scheduleListBody(views: ScheduleView[], csrfToken: string): SafeHtml {
  return html`<p><a class="button" href="/admin/schedules/new">جدول جديد</a></p>
    ${
      views.length
        ? views.map((view) => scheduleCard(view, csrfToken))
        : html`<p class="muted">لا جداول بعد.</p>`
    }`;
}

function scheduleCard(view: ScheduleView, csrfToken: string): SafeHtml {
  return html`<section class="card schedule">
    <h2>${subjectWithPlaceholders(view.subject)}</h2>
    <dl class="facts">
      <dt>القائمة</dt>
      <dd>${view.listName ?? (view.list ? ltr(view.list) : '—')}</dd>
      <dt>يتكرر</dt>
      <dd>${repeatInArabic(view.cron)} <span class="muted cron">(${ltr(view.cron)})</span></dd>
      <dt>التوقيت</dt>
      <dd>${zoneLabel(view.timezone)}</dd>
      <dt>المقالات</dt>
      <dd>${articleWindowInArabic(view)}</dd>
      <dt>عدد المقالات</dt>
      <dd>
        ${arabicCount(view.maxArticles, NOUNS.article)} على الأكثر،
        و${arabicCount(view.minArticles, NOUNS.article)} على الأقل (إن قلّت لا تُرسل نشرة ذلك الموعد)
      </dd>
      <dt>الحالة</dt>
      <dd>${view.active ? 'مفعَّل' : 'معطَّل'}</dd>
    </dl>
    ${
      view.nextRuns.length
        ? html`<p>المواعيد القادمة بتوقيت ${zoneLabel(view.timezone)}:</p>
          <ol class="next-runs">
            ${view.nextRuns.map((run) => html`<li><time datetime="${run.at}">${run.local}</time></li>`)}
          </ol>`
        : html`<p class="muted">لا مواعيد قادمة: الجدول معطَّل.</p>`
    }
    <div class="actions">
      <a class="button secondary" href="/admin/schedules/${view.id}/edit">تعديل</a>
      <form
        method="post"
        action="/admin/schedules/${view.id}/delete"
        data-confirm="حذف هذا الجدول؟ لن تُرسل نشراته بعد الآن."
      >
        ${csrfField(csrfToken)}
        <button class="secondary" type="submit">حذف</button>
      </form>
    </div>
  </section>`;
}

/** «كل يوم الساعة ٧:٠٠», «كل يوم جمعة الساعة ١٨:٣٠»; any other cron is read as cron. */
export function repeatInArabic(cron: string): SafeHtml {
  const simple = simpleCron(cron);
  if (!simple) return html`حسب تعبير ${ltr('cron')}`;
  const at = `الساعة ${arabicNumber(simple.hour)}:${TWO_DIGITS.format(simple.minute)}`;
  return simple.weekday === null
    ? html`كل يوم ${at}`
    : html`كل يوم ${WEEKDAYS_AFTER_EVERY[simple.weekday]} ${at}`;
}

function articleWindowInArabic(view: ScheduleView): string {
  return view.sinceLastDigest || !view.sinceHours
    ? 'ما نُشر منذ النشرة السابقة'
    : `ما نُشر في مدة أقصاها ${arabicCount(view.sinceHours, NOUNS.hour)} قبل الإرسال`;
}

/** A subject as editors wrote it, its placeholders («{{date}}») left to right. */
function subjectWithPlaceholders(subject: string): SafeHtml[] {
  return subject
    .split(/(\{\{\s*[\w.]+\s*\}\})/)
    .map((part, index) => (index % 2 ? ltr(part) : html`${part}`));
}

export interface ScheduleFormModel {
  id: string | null;
  values: ScheduleFormValues;
  lists: { slug: string; name: string }[];
  csrfToken: string;
  /** Why the last submission was refused, shown above the form. */
  error?: SafeHtml;
  now: Date;
}

/** The new/edit form; after a refusal it shows what the editor typed, with the reason above. */
export function scheduleFormBody(model: ScheduleFormModel): SafeHtml {
  const { id, values } = model;
  const zones = zoneChoices(values.timezone, model.now);
  const bounds = SCHEDULE_BOUNDS;
  return html`${model.error ? html`<p class="error" role="alert">${model.error}</p>` : ''}
    <form method="post" action="/admin/schedules${id ? `/${id}` : ''}" class="card">
      ${csrfField(model.csrfToken)}
      <label for="list">القائمة</label>
      <select id="list" name="list">
        ${model.lists.map((list) => selectOption(list.slug, list.name, values.list))}
      </select>
      <label for="frequency">التكرار</label>
      <select id="frequency" name="frequency">
        ${selectOption('daily', 'كل يوم', values.frequency)}
        ${selectOption('weekly', 'كل أسبوع', values.frequency)}
        ${selectOption('custom', 'تكرار مخصّص (متقدّم)', values.frequency)}
      </select>
      <div class="row">
        <div>
          <label for="time">ساعة الإرسال</label>
          <input id="time" name="time" type="time" value="${values.time}" />
        </div>
        <div>
          <label for="weekday">يوم الإرسال (للتكرار الأسبوعي)</label>
          <select id="weekday" name="weekday">
            ${WEEKDAYS.map((day, index) => selectOption(String(index), day, values.weekday))}
          </select>
        </div>
      </div>
      <label for="cron">تعبير ${ltr('cron')} (للتكرار المخصّص)</label>
      <input
        id="cron"
        name="cron"
        type="text"
        class="ltr"
        dir="ltr"
        maxlength="${CRON_MAX_LENGTH}"
        value="${values.cron}"
        placeholder="0 7 * * 1-5"
      />
      <p class="muted">خمسة حقول: الدقيقة، والساعة، واليوم، والشهر، ويوم الأسبوع.</p>
      <label for="timezone">المنطقة الزمنية</label>
      <select id="timezone" name="timezone">
        ${zones.unlisted ? zoneOption(zones.unlisted, values.timezone) : ''}
        <optgroup label="العالم العربي">
          ${zones.arabWorld.map((zone) => zoneOption(zone, values.timezone))}
        </optgroup>
        <optgroup label="مناطق أخرى">
          ${zones.others.map((zone) => zoneOption(zone, values.timezone))}
        </optgroup>
      </select>
      <label for="subject">عنوان الرسالة</label>
      <input id="subject" name="subject" type="text" maxlength="${SUBJECT_MAX_LENGTH}" value="${values.subject}" required />
      <p class="muted">يُستبدل ${ltr('{{date}}')} بتاريخ يوم الإرسال.</p>
      <fieldset>
        <legend>المقالات التي تُجمع في النشرة</legend>
        <label class="inline">
          <input type="radio" name="window" value="last" ${values.window === 'last' ? html`checked` : ''} />
          ما نُشر منذ النشرة السابقة
        </label>
        <label class="inline">
          <input type="radio" name="window" value="hours" ${values.window === 'hours' ? html`checked` : ''} />
          ما نُشر في الساعات الأخيرة، وعددها:
          <input
            type="number"
            name="hours"
            min="${bounds.sinceHours.min}"
            max="${bounds.sinceHours.max}"
            value="${values.hours}"
            aria-label="عدد الساعات"
          />
        </label>
      </fieldset>
      <div class="row">
        <div>
          <label for="maxArticles">أكبر عدد من المقالات في النشرة</label>
          <input
            id="maxArticles"
            name="maxArticles"
            type="number"
            min="${bounds.maxArticles.min}"
            max="${bounds.maxArticles.max}"
            value="${values.maxArticles}"
          />
        </div>
        <div>
          <label for="minArticles">أقل عدد من المقالات لإرسال النشرة</label>
          <input
            id="minArticles"
            name="minArticles"
            type="number"
            min="${bounds.minArticles.min}"
            max="${bounds.minArticles.max}"
            value="${values.minArticles}"
          />
        </div>
      </div>
      <p class="muted">إن جُمع أقل من هذا العدد لا تُرسل نشرة ذلك الموعد، ويُسجَّل السبب.</p>
      <label class="inline">
        <input type="checkbox" name="active" ${values.active ? html`checked` : ''} /> الجدول مفعَّل
      </label>
      <p><button type="submit">حفظ الجدول</button></p>
    </form>`;
}

function zoneOption(option: ZoneOption, chosen: string): SafeHtml {
  return html`<option
    value="${option.zone}"
    ${option.ltr ? html`dir="ltr"` : ''}
    ${option.zone === chosen ? html`selected` : ''}
  >
    ${option.label}
  </option>`;
}
