import { html, SafeHtml } from '../../common/html.js';
import { MailingList } from '../entities/mailing-list.entity.js';

/** One list as a checkbox, with its name and description. */
function listChoice(list: MailingList, checked: boolean): SafeHtml {
  return html`<label>
    <input type="checkbox" name="lists" value="${list.slug}"${checked ? new SafeHtml(' checked') : ''} />
    <span><strong>${list.name}</strong><br /><span class="muted">${list.description}</span></span>
  </label>`;
}

/** The bodies of the public pages; renderPage() frames them. Arabic as a reader expects it. */
export const pages = {
  /** The form; after a refused attempt it says why and keeps what the visitor typed. */
  signup(options: {
    cta: string;
    lists: MailingList[];
    action: string;
    error?: string;
    typed?: { email?: string; name?: string; lists?: string[] };
  }): SafeHtml {
    const { typed } = options;
    const showLists = options.lists.length > 1;
    const chosen = (list: MailingList) =>
      typed?.lists ? typed.lists.includes(list.slug) : list.isDefault;
    return html`<h1>اشترك بنشرتنا البريدية</h1>
      <p>${options.cta}</p>
      ${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ''}
      <form method="post" action="${options.action}">
        ${emailField(typed?.email)}
        <label for="name">اسمك (اختياري)</label>
        <input
          id="name"
          name="name"
          type="text"
          maxlength="100"
          autocomplete="name"
          value="${typed?.name ?? ''}"
        />
        ${
          showLists
            ? html`<fieldset class="lists">
                <legend>النشرات</legend>
                ${options.lists.map((list) => listChoice(list, chosen(list)))}
              </fieldset>`
            : options.lists.map(
                (list) => html`<input type="hidden" name="lists" value="${list.slug}" />`,
              )
        }
        <div class="hp" aria-hidden="true">
          <label>لا تملأ هذا الحقل <input name="website" tabindex="-1" autocomplete="off" /></label>
        </div>
        <input type="hidden" name="source" value="form" />
        <button type="submit">اشترك</button>
        <p class="muted">سنرسل إليك رسالة لتأكيد اشتراكك، ويمكنك إلغاؤه في أي وقت بنقرة واحدة.</p>
      </form>`;
  },

  checkInbox(): SafeHtml {
    return html`<h1>تحقّق من بريدك</h1>
      <p>أرسلنا رسالة إلى عنوانك. افتحها واضغط زر «تأكيد الاشتراك» لتبدأ نشرتنا بالوصول إليك.</p>
      <p class="muted">لم تصلك؟ انظر في مجلد الرسائل غير المرغوب فيها، أو انتظر بضع دقائق.</p>`;
  },

  confirmPrompt(action: string): SafeHtml {
    return html`<h1>تأكيد الاشتراك</h1>
      <p>اضغط الزر لتأكيد اشتراكك في نشرتنا البريدية.</p>
      <form method="post" action="${action}"><button type="submit">تأكيد الاشتراك</button></form>`;
  },

  confirmed(preferencesUrl: string, already: boolean): SafeHtml {
    return html`<h1>${already ? 'اشتراكك مؤكَّد' : 'تم تأكيد اشتراكك'}</h1>
      <p>
        ${already ? 'سبق أن أكّدت اشتراكك، ولا حاجة إلى شيء آخر.' : 'أهلاً بك! أرسلنا إليك رسالة ترحيب، وستصلك نشرتنا على هذا العنوان.'}
      </p>
      <p><a href="${preferencesUrl}">اختر النشرات التي تصلك</a></p>`;
  },

  unsubscribePrompt(action: string, listName: string | null): SafeHtml {
    return html`<h1>إلغاء الاشتراك</h1>
      <p>
        ${listName ? html`هل تريد التوقف عن تلقّي «${listName}»؟` : 'هل تريد التوقف عن تلقّي نشراتنا البريدية؟'}
      </p>
      <form method="post" action="${action}"><button type="submit">ألغِ اشتراكي</button></form>`;
  },

  /** Leaving without the link: the address, and a link to leave goes to it. */
  unsubscribeRequest(options: { action: string; error?: string; typed?: string }): SafeHtml {
    return html`<h1>إلغاء الاشتراك</h1>
      <p>اكتب عنوان بريدك الإلكتروني المشترك في نشراتنا، وسنرسل إليه رابطاً تلغي به اشتراكك.</p>
      ${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ''}
      <form method="post" action="${options.action}">
        ${emailField(options.typed)}
        <div class="hp" aria-hidden="true">
          <label>لا تملأ هذا الحقل <input name="website" tabindex="-1" autocomplete="off" /></label>
        </div>
        <button type="submit">أرسل إليّ رابط الإلغاء</button>
        <p class="muted">لن يُلغى اشتراكك قبل أن تفتح الرابط الذي يصلك وتؤكّد الإلغاء.</p>
      </form>`;
  },

  /** The same answer whether or not the address is subscribed: it must not tell who is. */
  unsubscribeRequested(linkLifetime: string): SafeHtml {
    return html`<h1>تحقّق من بريدك</h1>
      <p>
        إن كان هذا العنوان مشتركاً عندنا فستصله رسالة فيها رابط لإلغاء الاشتراك، يبقى صالحاً مدة
        ${linkLifetime}.
      </p>
      <p class="muted">لم تصلك؟ انظر في مجلد الرسائل غير المرغوب فيها، أو انتظر بضع دقائق.</p>`;
  },

  unsubscribed(preferencesUrl: string, signupUrl: string, fullyLeft: boolean): SafeHtml {
    return html`<h1>تم إلغاء اشتراكك</h1>
      <p>
        ${fullyLeft ? 'لن تصلك منّا رسائل بعد الآن. نأسف لرحيلك.' : 'لن تصلك هذه النشرة بعد الآن.'}
      </p>
      <p>
        ${fullyLeft ? html`غيّرت رأيك؟ <a href="${signupUrl}">اشترك من جديد</a>.` : html`<a href="${preferencesUrl}">إدارة نشراتك الأخرى</a>`}
      </p>`;
  },

  preferences(options: {
    action: string;
    email: string;
    lists: MailingList[];
    active: number[];
    saved: boolean;
  }): SafeHtml {
    return html`<h1>نشراتك البريدية</h1>
      <p class="muted" dir="ltr" style="text-align:right">${options.email}</p>
      ${options.saved ? html`<p><strong>تم حفظ اختياراتك.</strong></p>` : ''}
      <form method="post" action="${options.action}">
        <fieldset class="lists">
          <legend>اختر ما يصلك</legend>
          ${options.lists.map((list) => listChoice(list, options.active.includes(list.id)))}
        </fieldset>
        <button type="submit" name="action" value="save">احفظ اختياراتي</button>
        <button type="submit" name="action" value="leave" class="secondary">
          ألغِ كل اشتراكاتي
        </button>
      </form>`;
  },

  preferencesAfterLeaving(signupUrl: string): SafeHtml {
    return html`<h1>نشراتك البريدية</h1>
      <p>لقد ألغيت اشتراكك، فلا تصلك منّا رسائل.</p>
      <p>للعودة <a href="${signupUrl}">اشترك من جديد</a> وأكّد عنوانك.</p>`;
  },

  /** A broken or expired link; an unsubscribe link's page offers a new link to leave instead. */
  badLink(expired: boolean, signupUrl: string, requestUnsubscribeUrl?: string): SafeHtml {
    return html`<h1>${expired ? 'انتهت صلاحية الرابط' : 'الرابط غير صالح'}</h1>
      <p>
        ${expired ? 'مضى وقت طويل على إرسال هذا الرابط.' : 'هذا الرابط غير صحيح أو لم يعد صالحاً. تأكّد من نسخه كاملاً من الرسالة.'}
      </p>
      <p>
        ${requestUnsubscribeUrl ? html`لإلغاء اشتراكك <a href="${requestUnsubscribeUrl}">اطلب رابطاً جديداً</a> يصلك بالبريد.` : html`<a href="${signupUrl}">اشترك من جديد</a> لتصلك رسالة تأكيد جديدة.`}
      </p>`;
  },
};

/** The address field of the public forms (signup, a link to leave): left to right, as typed. */
function emailField(typed: string | undefined): SafeHtml {
  return html`<label for="email">بريدك الإلكتروني</label>
    <input
      id="email"
      name="email"
      type="email"
      required
      maxlength="254"
      autocomplete="email"
      dir="ltr"
      placeholder="name@example.com"
      value="${typed ?? ''}"
    />`;
}
