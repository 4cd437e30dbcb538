import { describeAuditEntry } from './audit-log-view.js';

const context = {
  timeZone: 'Asia/Baghdad',
  listNames: new Map([['daily', 'النشرة اليومية']]),
  editorEmails: new Map([['3', 'writer@example.com']]),
};

const said = (actor: string, action: string, target = '', detail = '') => {
  const entry = describeAuditEntry({ actor, action, target, detail }, context);
  return { who: entry.who.value, what: entry.what.value, outcome: entry.outcome };
};

describe('an audit entry in words', () => {
  it('names an anonymous failed login, with the address typed read left to right', () => {
    expect(said('anonymous', 'login failed', 'guess@example.com')).toEqual({
      who: 'مجهول',
      what: 'تسجيل دخول فاشل بعنوان <bdi dir="ltr">guess@example.com</bdi>',
      outcome: 'رُفض: البريد أو كلمة المرور غير صحيحة',
    });
  });

  it('says what an editor did from the route, and the outcome from the status', () => {
    expect(said('desk@example.com', 'POST /admin/subscribers', '', '303')).toEqual({
      who: '<bdi dir="ltr">desk@example.com</bdi>',
      what: 'أضاف مشتركاً',
      outcome: 'تمّ',
    });
    expect(said('desk@example.com', 'POST /admin/subscribers', '', '422').outcome).toBe(
      'رُفض: بيانات غير صالحة',
    );
    expect(said('desk@example.com', 'POST /admin/campaigns/:id/send', '7', '500').outcome).toBe(
      'فشل: خطأ في الخادم',
    );
  });

  it('names the list of an import and the account an admin changed', () => {
    expect(said('chief@example.com', 'POST /admin/subscribers/import', 'daily', '200').what).toBe(
      'استورد ملفاً إلى «النشرة اليومية»',
    );
    expect(said('chief@example.com', 'POST /admin/editors/:id', '3', '303').what).toBe(
      'عدّل حساب <bdi dir="ltr">writer@example.com</bdi>',
    );
  });

  it('reads the path of a form refused for its CSRF token, id included', () => {
    expect(
      said(
        'desk@example.com',
        'POST /admin/subscribers/12/erase',
        '',
        '403 CSRF token missing or wrong',
      ),
    ).toMatchObject({
      what: 'محا مشتركاً وكل سجلاته (رقم <bdi dir="ltr">12</bdi>)',
      outcome: 'رُفض: انتهت صلاحية النموذج',
    });
  });

  it('names tokens by their names', () => {
    expect(said('ADMIN_TOKEN', 'POST /api/admin/lists', '', '201').who).toBe(
      'رمز الإدارة <bdi dir="ltr">ADMIN_TOKEN</bdi>',
    );
    expect(said('token:موقع الأخبار', 'POST /api/admin/articles', '', '201')).toMatchObject({
      who: 'الرمز «موقع الأخبار»',
      what: 'أضاف مقالات',
    });
    expect(said('desk@example.com (token:cms)', 'POST /api/admin/campaigns', '', '201').who).toBe(
      '<bdi dir="ltr">desk@example.com</bdi> عبر الرمز «<bdi dir="ltr">cms</bdi>»',
    );
  });

  it('tells a campaign paused from one cancelled, and keeps older entries readable', () => {
    expect(said('a@example.com', 'POST /admin/campaigns/:id/pause', '5', '303').what).toBe(
      'أوقف إرسال حملة مؤقتاً (رقم <bdi dir="ltr">5</bdi>)',
    );
    expect(said('a@example.com', 'POST /admin/campaigns/:id/:action', '5', '303').what).toBe(
      'غيّر حال حملة (رقم <bdi dir="ltr">5</bdi>)',
    );
  });

  it('words an action it does not know, with the route left to right', () => {
    expect(said('a@example.com', 'PUT /admin/queues/api/queues/x/retry', '', '200')).toEqual({
      who: '<bdi dir="ltr">a@example.com</bdi>',
      what: 'عملية أخرى: <bdi dir="ltr">PUT /admin/queues/api/queues/x/retry</bdi>',
      outcome: 'تمّ',
    });
  });
});
