import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { createEditor, type EditorAgent, logIn } from './helpers/editors.js';
import { auth } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/** Issue 16, rows 3 and 5: what a CSV export lets a spreadsheet run, and what a broken file answers. */
describe('CSV export and import, against hostile content', () => {
  let t: TestApp;
  let chief: EditorAgent;
  beforeAll(async () => {
    t = await startTestApp();
    await createEditor(t, 'chief@example.com', 'admin');
    chief = await logIn(t, 'chief@example.com');
  });
  afterAll(() => t.close());

  const api = () => request(t.url);
  const count = () => t.db.getRepository(Subscriber).count();

  it('neutralises a formula in every exported cell, the address included', async () => {
    // Signed up as a stranger would: the review's own address.
    await api()
      .post('/api/subscriptions')
      .send({ email: "=cmd|'/Ccalc'!A0@example.com" })
      .expect(202);
    for (const email of ['+sum@example.com', '-minus@example.com']) {
      await api()
        .post('/api/admin/subscribers')
        .set(auth)
        .send({ email, name: '@SUM(1)', lists: ['daily'], status: 'confirmed' })
        .expect(201);
    }
    const response = await api().get('/api/admin/subscribers/export').set(auth).expect(200);
    const rows = parse(response.text) as string[][];
    const cells = rows.slice(1).flat();
    expect(cells).toContain("'=cmd|'/Ccalc'!A0@example.com");
    expect(cells).toContain("'+sum@example.com");
    expect(cells).toContain("'-minus@example.com");
    expect(cells).toContain("'@SUM(1)");
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    // The page's export is the same file.
    const page = await api()
      .get('/admin/subscribers/export')
      .set('Cookie', chief.cookie)
      .expect(200);
    expect(page.text).toBe(response.text);
  });

  // Each csv-parse error a file can cause, with the row it is on (the header is row 1).
  const broken: [string, string, number][] = [
    ['a stray quote inside a field', 'email,name\nok@example.com,x\nstray@example.com,ab"c\n', 3],
    ['a quote never closed', 'email,name\n"open@example.com,x\n', 2],
    ['text after a closing quote', 'email,name\n"closed@example.com"x,y\n', 2],
    ['a row longer than allowed', `email,name\nlong@example.com,${'x'.repeat(20_000)}\n`, 2],
  ];

  it.each(broken)('answers %s on the API with 422, the row and the reason', async (_, csv, row) => {
    const before = await count();
    const response = await api()
      .post('/api/admin/subscribers/import?list=daily')
      .set(auth)
      .attach('file', Buffer.from(csv), 'broken.csv')
      .expect(422);
    const body = response.body as { row: number; fields: { file: string } };
    expect(body.row).toBe(row);
    expect(body.fields.file).toMatch(new RegExp(`^row ${row}: \\w`));
    expect(await count()).toBe(before);
  });

  it.each(broken)('answers %s on the page with 422 and the row, in Arabic', async (_, csv, row) => {
    const before = await count();
    const response = await api()
      .post(`/admin/subscribers/import?_csrf=${encodeURIComponent(chief.csrf)}`)
      .set('Cookie', chief.cookie)
      .field('list', 'daily')
      .attach('file', Buffer.from(csv), { filename: 'broken.csv', contentType: 'text/csv' })
      .expect(422);
    const rowInArabic = new Intl.NumberFormat('ar').format(row);
    expect(response.text).toContain(`تعذّرت قراءة الملف عند السطر ${rowInArabic}`);
    expect(response.text).not.toContain('ليس ملف');
    expect(response.text).not.toMatch(/Invalid|Quote|row \d/);
    expect(await count()).toBe(before);
  });
});
