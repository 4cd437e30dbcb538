import { arabicCount, NOUNS } from '../../common/arabic-count.js';
import { html, ltr, type SafeHtml } from '../../common/html.js';
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords.js';
import type { AuditEntry } from '../../auth/entities/audit-entry.entity.js';
import { EDITOR_ROLES, type Editor, type EditorRole } from '../../auth/entities/editor.entity.js';
import type { ApiToken } from '../../auth/entities/api-token.entity.js';
import { arabicTime } from '../../common/arabic-format.js';
import { csrfField, selectOption } from './form-fields.js';
import { type AuditContext, auditLogTable } from './audit-log-view.js';
import { typedText } from './subscriber-views.js';

const ROLE_LABELS: Record<EditorRole, string> = { admin: 'مدير', editor: 'محرّر' };

const PASSWORD_RULE = `${arabicCount(MIN_PASSWORD_LENGTH, NOUNS.character)} على الأقل`;

function alert(error?: SafeHtml): SafeHtml | string {
  return error ? html`<p class="error" role="alert">${error}</p>` : '';
}

export interface AccountPageModel {
  csrfToken: string;
  timeZone: string;
  tokens: ApiToken[];
  error?: SafeHtml;
  /** A token just made: shown on this response only. */
  newToken?: string;
}

/** An editor's own account: the password and their API tokens. */
export function accountPage(model: AccountPageModel): SafeHtml {
  const csrf = csrfField(model.csrfToken);
  return html`${alert(model.error)}
    <section class="card">
      <h2>تغيير كلمة المرور</h2>
      <form method="post" action="/admin/account/password">
        ${csrf}
        <label for="current">كلمة المرور الحالية</label>
        <input id="current" name="current" type="password" autocomplete="current-password" required />
        <label for="next">كلمة المرور الجديدة (${PASSWORD_RULE})</label>
        <input id="next" name="next" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required />
        <label for="repeat">أعد كتابتها</label>
        <input id="repeat" name="repeat" type="password" autocomplete="new-password" required />
        <p><button type="submit">تغيير كلمة المرور</button></p>
      </form>
      <p class="muted">بعد التغيير تخرج كل جلساتك على الأجهزة الأخرى.</p>
    </section>
    <section class="card">
      <h2>رموز الواجهة البرمجية</h2>
      <p class="muted">
        لنظام إدارة المحتوى أو السكربتات: يُرسَل الرمز في الترويسة ${ltr('Authorization: Bearer …')}
        ويعمل باسمك.
      </p>
      ${
        model.newToken
          ? html`<p class="notice" role="status">انسخ الرمز الآن؛ لن يظهر مرة أخرى:</p>
            <p class="secret" id="new-token" dir="ltr">${model.newToken}</p>`
          : ''
      }
      ${model.tokens.length ? tokenTable(model.tokens, csrf, model.timeZone) : ''}
      <form method="post" action="/admin/account/tokens" class="row">
        ${csrf}
        <div>
          <label for="token-name">اسم الرمز الجديد</label>
          <input id="token-name" name="name" type="text" maxlength="200" required />
        </div>
        <button type="submit" class="secondary">إنشاء رمز</button>
      </form>
    </section>`;
}

function tokenTable(tokens: ApiToken[], csrf: SafeHtml, timeZone: string): SafeHtml {
  return html`<div class="table-scroll">
    <table>
      <thead>
        <tr>
          <th>الاسم</th>
          <th>أُنشئ</th>
          <th>آخر استخدام</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${tokens.map(
          (token) => html`<tr>
            <td>${typedText(token.name)}</td>
            <td>${arabicTime(token.createdAt, timeZone)}</td>
            <td>${token.lastUsedAt ? arabicTime(token.lastUsedAt, timeZone) : 'لم يُستخدم'}</td>
            <td>
              ${
                token.revokedAt
                  ? 'مُبطَل'
                  : html`<form method="post" action="/admin/account/tokens/${token.id}/revoke">
                      ${csrf}<button class="link" type="submit">إبطال</button>
                    </form>`
              }
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** What the new-account form shows again after a refusal (never the password). */
export interface NewEditorValues {
  email: string;
  name: string;
  role: EditorRole;
}

export interface EditorsPageModel {
  csrfToken: string;
  editors: Editor[];
  audit: AuditEntry[];
  auditContext: AuditContext;
  error?: SafeHtml;
  typed?: NewEditorValues;
}

/** The admins' page: every account with its role and state, a new account, the audit log. */
export function editorsPage(model: EditorsPageModel): SafeHtml {
  const csrf = csrfField(model.csrfToken);
  const roleOptions = (chosen: string) =>
    EDITOR_ROLES.map((role) => selectOption(role, ROLE_LABELS[role], chosen));
  return html`${alert(model.error)}
    <div class="table-scroll">
      <table class="editors">
        <thead>
          <tr>
            <th>الحساب</th>
            <th>الدور والحالة</th>
          </tr>
        </thead>
        <tbody>
          ${model.editors.map(
            (editor) => html`<tr>
              <td>
                ${ltr(editor.email)}
                ${editor.name ? html`<br /><span class="muted">${typedText(editor.name)}</span>` : ''}
              </td>
              <td>
                <form method="post" action="/admin/editors/${editor.id}" class="row">
                  ${csrf}
                  <select name="role" aria-label="الدور">${roleOptions(editor.role)}</select>
                  <label class="inline">
                    <input type="checkbox" name="disabled" ${editor.disabledAt ? html`checked` : ''} /> معطَّل
                  </label>
                  <input name="password" type="password" autocomplete="new-password" placeholder="كلمة مرور جديدة (اختياري)" aria-label="كلمة مرور جديدة" />
                  <button class="secondary" type="submit">حفظ</button>
                </form>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <section class="card">
      <h2>حساب جديد</h2>
      <form method="post" action="/admin/editors">
        ${csrf}
        <label for="new-email">البريد الإلكتروني</label>
        <input id="new-email" name="email" type="email" dir="ltr" value="${model.typed?.email ?? ''}" required />
        <label for="new-name">الاسم</label>
        <input id="new-name" name="name" type="text" maxlength="200" value="${model.typed?.name ?? ''}" />
        <label for="new-role">الدور</label>
        <select id="new-role" name="role">${roleOptions(model.typed?.role ?? 'editor')}</select>
        <label for="new-password">كلمة المرور المبدئية (${PASSWORD_RULE})</label>
        <input id="new-password" name="password" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required />
        <p><button type="submit">إنشاء الحساب</button></p>
      </form>
    </section>
    <h2>سجل التدقيق (أحدث العمليات)</h2>
    ${auditLogTable(model.audit, model.auditContext)}`;
}
