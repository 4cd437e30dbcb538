import type { LoginRefusal } from '../../auth/login.service.js';
import { html, type SafeHtml } from '../../common/html.js';

/** Why the login form came back, as the editor reads it, with the status to answer with. */
export type LoginFailure = LoginRefusal['code'] | 'cross-site';

export const LOGIN_FAILURES: Record<LoginFailure, { status: number; message: string }> = {
  'cross-site': { status: 403, message: 'أُرسل النموذج من موقع آخر.' },
  incomplete: { status: 422, message: 'اكتب بريدك الإلكتروني وكلمة المرور.' },
  throttled: { status: 429, message: 'محاولات كثيرة. انتظر قليلاً ثم حاول مجدداً.' },
  wrong: { status: 401, message: 'البريد الإلكتروني أو كلمة المرور غير صحيحة.' },
};

export interface LoginPageModel {
  /** Where to go once logged in: a path of ours. */
  next: string;
  error?: string;
  /** The address typed before a refusal; the password is never sent back. */
  email?: string;
}

/** The login form, alone on its page: no navigation before an editor is known. */
export function loginPage({ next, error, email = '' }: LoginPageModel): SafeHtml {
  return html`<main class="login">
    <section class="card">
      <h1>الدخول إلى نشرة</h1>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/admin/login">
        <input type="hidden" name="next" value="${next}" />
        <label for="email">البريد الإلكتروني</label>
        <input
          id="email"
          name="email"
          type="email"
          dir="ltr"
          autocomplete="username"
          value="${email}"
          ${email ? '' : html`autofocus`}
          required
        />
        <label for="password">كلمة المرور</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          ${email ? html`autofocus` : ''}
          required
        />
        <p><button type="submit">دخول</button></p>
      </form>
    </section>
  </main>`;
}
