import { html, ltr, type SafeHtml } from '../../common/html.js';
import { ANONYMOUS } from '../../auth/audit-log.service.js';
import type { AuditEntry } from '../../auth/entities/audit-entry.entity.js';
import { arabicTime } from '../../common/arabic-format.js';
import { typedText } from './subscriber-views.js';

/** What the log's ids and slugs stand for, so an entry names a list or an editor, not a key. */
export interface AuditContext {
  timeZone: string;
  /** List slug → the list's name. */
  listNames: ReadonlyMap<string, string>;
  /** Editor id → the editor's address. */
  editorEmails: ReadonlyMap<string, string>;
}

/** How the target of an action reads after its sentence. */
type TargetKind = 'id' | 'list' | 'editor';

interface Wording {
  /** "METHOD /route" as the interceptor records it; the API's twin of a page route is listed too. */
  routes: string[];
  says: string;
  target?: TargetKind;
}

/**
 * What each recorded route did, as an editor says it. Order matters: the catch-all
 * `/admin/campaigns/:id/:action` (older entries, before the route's words were kept) comes last.
 */
const WORDINGS: Wording[] = [
  { routes: ['POST /admin/subscribers', 'POST /api/admin/subscribers'], says: 'أضاف مشتركاً' },
  {
    routes: ['POST /admin/subscribers/import', 'POST /api/admin/subscribers/import'],
    says: 'استورد ملفاً إلى',
    target: 'list',
  },
  {
    routes: ['POST /admin/subscribers/:id/erase', 'DELETE /api/admin/subscribers/:id'],
    says: 'محا مشتركاً وكل سجلاته',
    target: 'id',
  },
  { routes: ['POST /api/admin/suppressions'], says: 'أضاف عنواناً إلى قائمة الحظر' },
  {
    routes: ['DELETE /api/admin/suppressions/:id'],
    says: 'رفع الحظر عن عنوان',
    target: 'id',
  },
  { routes: ['POST /api/admin/lists'], says: 'أنشأ قائمة بريدية' },
  { routes: ['PATCH /api/admin/lists/:id'], says: 'عدّل قائمة بريدية', target: 'id' },
  { routes: ['DELETE /api/admin/lists/:id'], says: 'حذف قائمة بريدية', target: 'id' },
  { routes: ['POST /api/admin/articles'], says: 'أضاف مقالات' },
  { routes: ['POST /admin/feeds', 'POST /api/admin/feeds'], says: 'أضاف خلاصة' },
  {
    routes: ['POST /admin/feeds/:id/poll', 'POST /api/admin/feeds/:id/poll'],
    says: 'طلب قراءة خلاصة الآن',
    target: 'id',
  },
  { routes: ['POST /admin/feeds/:id/pause'], says: 'أوقف قراءة خلاصة مؤقتاً', target: 'id' },
  { routes: ['POST /admin/feeds/:id/resume'], says: 'استأنف قراءة خلاصة', target: 'id' },
  {
    routes: ['POST /admin/feeds/:id/delete', 'DELETE /api/admin/feeds/:id'],
    says: 'حذف خلاصة',
    target: 'id',
  },
  {
    routes: ['POST /admin/feeds/:id', 'PATCH /api/admin/feeds/:id'],
    says: 'عدّل خلاصة',
    target: 'id',
  },
  { routes: ['POST /admin/campaigns', 'POST /api/admin/campaigns'], says: 'أنشأ مسودة حملة' },
  {
    routes: ['POST /admin/campaigns/:id/test', 'POST /api/admin/campaigns/:id/test'],
    says: 'أرسل نسخة تجريبية من حملة',
    target: 'id',
  },
  {
    routes: ['POST /admin/campaigns/:id/send', 'POST /api/admin/campaigns/:id/send'],
    says: 'أرسل حملة أو جدول إرسالها',
    target: 'id',
  },
  {
    routes: ['POST /admin/campaigns/:id/pause', 'POST /api/admin/campaigns/:id/pause'],
    says: 'أوقف إرسال حملة مؤقتاً',
    target: 'id',
  },
  {
    routes: ['POST /admin/campaigns/:id/resume', 'POST /api/admin/campaigns/:id/resume'],
    says: 'استأنف إرسال حملة',
    target: 'id',
  },
  {
    routes: ['POST /admin/campaigns/:id/cancel', 'POST /api/admin/campaigns/:id/cancel'],
    says: 'ألغى حملة',
    target: 'id',
  },
  { routes: ['POST /admin/campaigns/:id/:action'], says: 'غيّر حال حملة', target: 'id' },
  { routes: ['POST /admin/schedules', 'POST /api/admin/schedules'], says: 'أنشأ جدول إرسال' },
  {
    routes: ['POST /admin/schedules/:id/delete', 'DELETE /api/admin/schedules/:id'],
    says: 'حذف جدول إرسال',
    target: 'id',
  },
  {
    routes: ['POST /admin/schedules/:id', 'PATCH /api/admin/schedules/:id'],
    says: 'عدّل جدول إرسال',
    target: 'id',
  },
  { routes: ['POST /admin/account/password'], says: 'غيّر كلمة مروره' },
  { routes: ['POST /admin/account/tokens'], says: 'أنشأ رمزاً للواجهة البرمجية' },
  {
    routes: ['POST /admin/account/tokens/:id/revoke'],
    says: 'أبطل رمزاً للواجهة البرمجية',
    target: 'id',
  },
  { routes: ['POST /admin/editors'], says: 'أنشأ حساب محرّر' },
  { routes: ['POST /admin/editors/:id'], says: 'عدّل حساب', target: 'editor' },
  { routes: ['POST /admin/logout'], says: 'خرج من لوحة التحرير' },
];

// Entries written by the CSRF check carry the path as requested ("/admin/editors/3"), the rest the
// route ("/admin/editors/:id"): a pattern matches both, and captures the id from the former.
const MATCHERS = WORDINGS.flatMap((wording) =>
  wording.routes.map((route) => ({ wording, pattern: routePattern(route) })),
);

function routePattern(route: string): RegExp {
  const literal = route.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${literal.replace(':id', '(?<id>[^/]+)').replace(/:\w+/g, '[^/]+')}$`);
}

const OUTCOMES: Record<number, string> = {
  400: 'رُفض: طلب غير صالح',
  401: 'رُفض: غير مصرّح',
  403: 'رُفض: غير مسموح',
  404: 'رُفض: غير موجود',
  409: 'رُفض: موجود من قبل أو متعارض',
  413: 'رُفض: أكبر من المسموح',
  415: 'رُفض: صيغة غير مدعومة',
  422: 'رُفض: بيانات غير صالحة',
  429: 'رُفض: محاولات كثيرة',
};

/** One entry in words: who, what was done (on what), and how it ended. */
export function describeAuditEntry(
  entry: Pick<AuditEntry, 'actor' | 'action' | 'target' | 'detail'>,
  context: AuditContext,
): { who: SafeHtml; what: SafeHtml; outcome: string } {
  return { who: who(entry.actor), what: what(entry, context), outcome: outcome(entry) };
}

/**
 * Two columns, so a phone reads the log without scrolling sideways: when and who, then what
 * was done and how it ended.
 */
export function auditLogTable(entries: AuditEntry[], context: AuditContext): SafeHtml {
  if (entries.length === 0) return html`<p class="muted">لم يُسجَّل شيء بعد.</p>`;
  return html`<div class="table-scroll">
    <table class="audit-log">
      <thead>
        <tr>
          <th>متى ومن</th>
          <th>ما جرى</th>
        </tr>
      </thead>
      <tbody>
        ${entries.map((entry) => {
          const said = describeAuditEntry(entry, context);
          return html`<tr>
            <td>
              <span class="muted">${arabicTime(entry.createdAt, context.timeZone)}</span><br />${said.who}
            </td>
            <td>${said.what}<br /><span class="muted">${said.outcome}</span></td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

function who(actor: string): SafeHtml {
  if (actor === ANONYMOUS) return html`مجهول`;
  if (actor === 'ADMIN_TOKEN') return html`رمز الإدارة ${ltr('ADMIN_TOKEN')}`;
  const editorToken = /^(.*) \(token:(.*)\)$/.exec(actor);
  if (editorToken) {
    return html`${ltr(editorToken[1])} عبر الرمز «${typedText(editorToken[2])}»`;
  }
  if (actor.startsWith('token:')) return html`الرمز «${typedText(actor.slice(6))}»`;
  return ltr(actor);
}

function what(entry: Pick<AuditEntry, 'action' | 'target'>, context: AuditContext): SafeHtml {
  if (entry.action === 'login') return html`دخل إلى لوحة التحرير`;
  if (entry.action === 'login failed') {
    return entry.target ? html`تسجيل دخول فاشل بعنوان ${ltr(entry.target)}` : html`تسجيل دخول فاشل`;
  }
  for (const { wording, pattern } of MATCHERS) {
    const matched = pattern.exec(entry.action);
    if (!matched) continue;
    const target = entry.target || matched.groups?.id || '';
    if (!wording.target || !target) return html`${wording.says}`;
    return html`${wording.says} ${targetText(wording.target, target, context)}`;
  }
  return html`عملية أخرى: ${ltr(entry.action)}${entry.target ? html` على ${ltr(entry.target)}` : ''}`;
}

function targetText(kind: TargetKind, target: string, context: AuditContext): SafeHtml {
  if (kind === 'list') {
    const name = context.listNames.get(target);
    return name ? html`«${name}»` : html`القائمة ${ltr(target)}`;
  }
  if (kind === 'editor') {
    const email = context.editorEmails.get(target);
    if (email) return ltr(email);
  }
  return html`(رقم ${ltr(target)})`;
}

function outcome(entry: Pick<AuditEntry, 'action' | 'detail'>): string {
  if (entry.action === 'login') return 'تمّ';
  if (entry.action === 'login failed') return 'رُفض: البريد أو كلمة المرور غير صحيحة';
  const status = /^(\d{3})\b/.exec(entry.detail);
  if (!status) return '—';
  const code = Number(status[1]);
  if (code < 400) return 'تمّ';
  if (code === 403 && /csrf/i.test(entry.detail)) return 'رُفض: انتهت صلاحية النموذج';
  return OUTCOMES[code] ?? (code >= 500 ? 'فشل: خطأ في الخادم' : 'رُفض');
}
