import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { DIGEST_ARTICLES } from './fixtures/digest-articles-ar.js';
import { launchChromium } from './helpers/browser.js';
import {
  type ContrastFailure,
  contrastFailures,
  type SpamReport,
  spamScore,
  type TextDirection,
  textDirections,
} from './helpers/email-judges.js';
import { auth, campaignSent } from './helpers/seed.js';
import type { ReceivedMail } from './helpers/smtp-sink.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait-for.js';

// One line per fault, so a failing run reads as a to-do list for the templates.
const wrongDirection = (text: TextDirection) =>
  `${text.direction}: «${text.text}» (${text.element}), set by ${text.setBy}`;
const lowContrast = (failure: ContrastFailure) =>
  `${failure.ratio}:1 ${failure.color} on ${failure.background}: «${failure.text}» ` +
  `(${failure.element}, ${failure.fontSize}), background from ${failure.backgroundFrom}`;
const spamVerdict = (report: SpamReport, most: number) =>
  report.score <= most
    ? `at most ${most}`
    : `${report.score}: ${report.rules.map((rule) => `${rule.name} ${rule.score}`).join(', ')}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** The judges on pages whose faults are known: each finds them, and nothing else. */
describe('the judges themselves', () => {
  const page = (body: string, head = '') =>
    `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">${head}</head>` +
    `<body style="margin:0">${body}</body></html>`;

  it('textDirections reports each visible text, and where a left-to-right one comes from', async () => {
    const directions = await textDirections(
      browser,
      page(`<p>من اليمين</p>
        <table><tr><td style="direction:ltr"><div>في خلية من اليسار</div></td></tr></table>
        <p dir="ltr">Latin <b>and bold</b></p>
        <div dir="ltr" style="display:none">مخفي</div>
        <div style="display:none"><p dir="ltr">داخل مخفي</p></div>
        <div dir="ltr" style="visibility:hidden">غير مرئي</div>
        <div dir="ltr" style="width:0;height:0;overflow:hidden">بلا مساحة</div>`),
    );
    expect(directions.map((text) => `${text.direction} ${text.text}`)).toEqual([
      'rtl من اليمين',
      'ltr في خلية من اليسار',
      'ltr Latin',
      'ltr and bold',
    ]);
    expect(directions[1].setBy).toBe('tbody > tr > td style="direction:ltr"');
    expect(directions[3].setBy).toBe('html > body > p dir="ltr"');
  });

  it('contrastFailures finds low contrast, composites translucency, and skips hidden text', async () => {
    const html = page(`<p style="color:#1d1b20">مقروء</p>
      <p style="color:#ffffff;background:#b3261e">أبيض على أحمر</p>
      <p style="color:#777777;background:#888888">رمادي على رمادي</p>
      <div style="background:rgba(0,0,0,0.5)"><p style="color:#333333">فوق طبقة شفافة</p></div>
      <p style="color:rgba(0,0,0,0.2)">نص شفاف</p>
      <div style="display:none;color:#ffffff">مقدمة مخفية</div>
      <div style="color:#ffffff;opacity:0">شفاف تماماً</div>
      <div style="color:#ffffff;max-height:0;overflow:hidden">مقصوص</div>
      <span style="position:absolute;clip:rect(0 0 0 0);color:#ffffff">لقارئ الشاشة</span>`);
    const failures = await contrastFailures(browser, html, 'light');
    expect(failures.map(({ text, color, background }) => [text, color, background])).toEqual([
      ['رمادي على رمادي', '#777777', '#888888'],
      ['فوق طبقة شفافة', '#333333', '#808080'],
      ['نص شفاف', '#00000033', '#ffffff'],
    ]);
    expect(failures.map((failure) => failure.ratio)).toEqual([1.26, 3.17, 1.6]);
    expect(failures[0].backgroundFrom).toBe('html > body > p');
  });

  it("contrastFailures reads dark mode's canvas and text colours from the page", async () => {
    const body = `<p>بلا ألوان</p><p style="color:#1d1b20">عنوان داكن</p>
      <div style="background:#ffffff"><p style="color:#1d1b20">على بطاقة بيضاء</p></div>`;
    const both = page(body, '<meta name="color-scheme" content="light dark">');
    expect(await contrastFailures(browser, both, 'light')).toEqual([]);
    expect((await contrastFailures(browser, both, 'dark')).map(lowContrast)).toEqual([
      '1.09:1 #1d1b20 on #121212: «عنوان داكن» (html > body > p, 16px), background from canvas',
    ]);
    // Without the meta the page stays light even when the reader prefers dark.
    expect(await contrastFailures(browser, page(body), 'dark')).toEqual([]);
  });

  it('spamScore fires HTML_FONT_LOW_CONTRAST on text coloured like its background', async () => {
    const message = (paragraph: string) =>
      Buffer.from(
        [
          'From: Layla <layla@news.example>',
          'To: sara@readers.example',
          'Subject: =?UTF-8?B?2YXZiNi52K8g2KfZhNin2KzYqtmF2KfYuQ==?=',
          'Date: Mon, 30 Nov 2026 08:00:00 +0300',
          'Message-ID: <judge-1@news.example>',
          'MIME-Version: 1.0',
          'Content-Type: text/html; charset=utf-8',
          'Content-Transfer-Encoding: 8bit',
          '',
          '<html><body style="background-color:#ffffff"><p>مرحباً، هذه رسالة قصيرة من فريق ' +
            `التحرير عن موعد الاجتماع القادم يوم الخميس.</p>${paragraph}</body></html>`,
          '',
        ].join('\r\n'),
      );
    const hidden = await spamScore(message('<p style="color:#fefefe">كلمات بلون الخلفية</p>'));
    const plain = await spamScore(message('<p>كلمات ظاهرة</p>'));
    expect(hidden.rules.map((rule) => rule.name)).toContain('HTML_FONT_LOW_CONTRAST');
    expect(plain.rules.map((rule) => rule.name)).not.toContain('HTML_FONT_LOW_CONTRAST');
    const rule = hidden.rules.find((each) => each.name === 'HTML_FONT_LOW_CONTRAST')!;
    expect(rule.score).toBeGreaterThan(0);
    expect(hidden.score).toBeCloseTo(plain.score + rule.score, 3);
  });
});

/**
 * The three messages we send, as a reader's client and a spam filter judge them: every text
 * computes right to left, reads in light and in dark mode, and SpamAssassin finds (almost) nothing.
 * EMAIL_JUDGES_OUT=<dir> keeps the judged messages (.eml and .html) for whoever fixes them.
 */
describe('the emails we send, judged', () => {
  // Production-like names: links to 127.0.0.1:<port> are not what readers get, and SpamAssassin
  // scores odd ports and numeric hosts.
  const PUBLIC_URL = 'https://newsletter.news.example';
  const email = 'layla@readers.example';
  let t: TestApp;
  const mails = {} as Record<'confirmation' | 'welcome' | 'digest', ReceivedMail>;

  beforeAll(async () => {
    t = await startTestApp({
      PUBLIC_URL,
      SITE_URL: 'https://news.example',
      SITE_NAME: 'أخبار اليوم',
      SITE_ADDRESS: 'شارع أبو نواس، بغداد، العراق',
      MAIL_FROM: 'أخبار اليوم <newsletter@news.example>',
      UNSUBSCRIBE_MAILTO: 'unsubscribe@news.example',
    });
    // The app listens on loopback; its links (and t.url) name the public host.
    const api = `http://127.0.0.1:${t.config.PORT}`;

    await request(api).post('/api/subscriptions').send({ email, name: 'ليلى' }).expect(202);
    mails.confirmation = await waitFor('the confirmation', () => t.smtp.to(email)[0]);
    const confirmUrl = new RegExp(`${PUBLIC_URL}/confirm/\\S+`).exec(
      mails.confirmation.parsed.text ?? '',
    )![0];
    await request(confirmUrl.replace(PUBLIC_URL, api)).post('').expect(200);
    mails.welcome = await waitFor('the welcome', () => t.smtp.to(email)[1]);
    expect(mails.welcome.header('Message-ID')).toMatch(/^<welcome\./);

    const pushed = await request(api)
      .post('/api/admin/articles')
      .set(auth)
      .send(DIGEST_ARTICLES)
      .expect(201);
    const articleIds = (pushed.body.items as { id: string }[]).map((item) => item.id);
    const campaign = await request(api)
      .post('/api/admin/campaigns')
      .set(auth)
      .send({ list: 'daily', subject: 'نشرة الصباح: أبرز أخبار العراق اليوم', articleIds })
      .expect(201);
    const id = campaign.body.id as string;
    await request(api).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
    await campaignSent({ ...t, url: api }, id, 30_000);
    mails.digest = t.smtp.to(email)[2];
    expect(mails.digest.header('Message-ID')).toMatch(/^<campaign\./);
    for (const article of DIGEST_ARTICLES) expect(mails.digest.parsed.html).toContain(article.url);

    const out = process.env.EMAIL_JUDGES_OUT;
    if (out) {
      mkdirSync(out, { recursive: true });
      for (const [kind, mail] of Object.entries(mails)) {
        writeFileSync(join(out, `${kind}.eml`), mail.raw);
        writeFileSync(join(out, `${kind}.html`), String(mail.parsed.html));
      }
    }
  });
  afterAll(() => t?.close());

  describe.each(['confirmation', 'welcome', 'digest'] as const)('the %s', (kind) => {
    const html = () => {
      const body = mails[kind].parsed.html;
      if (!body) throw new Error(`the ${kind} has no HTML part`);
      return body;
    };

    it('computes right to left for every text a reader sees', async () => {
      const directions = await textDirections(browser, html());
      expect(directions.length).toBeGreaterThan(3);
      const wrong = directions.filter((text) => text.direction !== 'rtl');
      expect(wrong.map(wrongDirection)).toEqual([]);
    });

    it.each(['light', 'dark'] as const)('reads in %s mode (4.5:1 or more)', async (scheme) => {
      const failures = await contrastFailures(browser, html(), scheme);
      expect(failures.map(lowContrast)).toEqual([]);
    });

    it('scores at most 0.5 with SpamAssassin', async () => {
      expect(spamVerdict(await spamScore(mails[kind].raw), 0.5)).toBe('at most 0.5');
    });
  });

  it('sends the 10-article digest whole: under 90 KB as sent, its HTML under 102 KB', () => {
    // Gmail clips past ~102 KB, and what it hides first is the footer with the unsubscribe link.
    expect(mails.digest.raw.length).toBeLessThan(90_000);
    expect(Buffer.byteLength(String(mails.digest.parsed.html))).toBeLessThan(102_000);
    expect(String(mails.digest.parsed.html)).toContain('/unsubscribe/');
  });
});
