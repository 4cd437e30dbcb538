import request from 'supertest';
import { MailingList } from '../src/subscribers/entities/mailing-list.entity.js';
import { Subscriber } from '../src/subscribers/entities/subscriber.entity.js';
import { Links } from '../src/tokens/links.js';
import { MembershipService } from '../src/subscribers/membership.service.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait-for.js';

describe('preference centre and returning readers', () => {
  let t: TestApp;
  let links: Links;
  const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

  beforeAll(async () => {
    t = await startTestApp({ CONFIRM_RESEND_MINUTES: '0.02' });
    links = t.app.get(Links);
    await request(t.url)
      .post('/api/admin/lists')
      .set(auth)
      .send({ slug: 'weekly', name: 'نشرة الأسبوع' })
      .expect(201);
  });
  afterAll(() => t.close());

  async function confirmedReader(email: string, lists: string[]): Promise<Subscriber> {
    await request(t.url)
      .post('/api/admin/subscribers')
      .set(auth)
      .send({ email, lists, status: 'confirmed' })
      .expect(201);
    return t.db.getRepository(Subscriber).findOneByOrFail({ email });
  }

  async function activeSlugs(subscriberId: number): Promise<string[]> {
    const ids = await t.app.get(MembershipService).activeListIds(subscriberId);
    const lists = await t.db.getRepository(MailingList).find({ order: { id: 'ASC' } });
    return lists.filter((list) => ids.includes(list.id)).map((list) => list.slug);
  }

  it('shows the lists and saves what the reader ticks', async () => {
    const reader = await confirmedReader('prefs@example.com', ['daily']);
    const url = links.preferences(reader.id);
    const page = await request(url).get('').expect(200);
    expect(page.text).toContain('<html lang="ar" dir="rtl">');
    expect(page.text).toMatch(/value="daily"\s+checked/);
    expect(page.text).not.toMatch(/value="weekly"\s+checked/);

    await request(url)
      .post('')
      .type('form')
      .send('lists=daily&lists=weekly&action=save')
      .expect(200);
    expect(await activeSlugs(reader.id)).toEqual(['daily', 'weekly']);
    await request(url).post('').type('form').send('lists=weekly&action=save').expect(200);
    expect(await activeSlugs(reader.id)).toEqual(['weekly']);
    expect((await t.db.getRepository(Subscriber).findOneByOrFail({ id: reader.id })).status).toBe(
      'confirmed',
    );
  });

  it('"leave all" unsubscribes; after that the page only offers to sign up again', async () => {
    const reader = await confirmedReader('leaver@example.com', ['daily', 'weekly']);
    const url = links.preferences(reader.id);
    await request(url).post('').type('form').send('lists=daily&action=leave').expect(200);
    expect(await activeSlugs(reader.id)).toEqual([]);
    expect((await t.db.getRepository(Subscriber).findOneByOrFail({ id: reader.id })).status).toBe(
      'unsubscribed',
    );
    const page = await request(url).get('').expect(200);
    expect(page.text).toContain('اشترك من جديد');
    // Ticking lists on an old page does not bring an unsubscribed reader back.
    await request(url).post('').type('form').send('lists=daily&action=save').expect(200);
    expect(await activeSlugs(reader.id)).toEqual([]);
  });

  it('leaves only the list named in a per-list unsubscribe link', async () => {
    const reader = await confirmedReader('onelist@example.com', ['daily', 'weekly']);
    const weekly = await t.db.getRepository(MailingList).findOneByOrFail({ slug: 'weekly' });
    const url = links.unsubscribe(reader.id, weekly.id);
    const prompt = await request(url).get('').expect(200);
    expect(prompt.text).toContain('نشرة الأسبوع');
    await request(url).post('').expect(200);
    expect(await activeSlugs(reader.id)).toEqual(['daily']);
    expect((await t.db.getRepository(Subscriber).findOneByOrFail({ id: reader.id })).status).toBe(
      'confirmed',
    );
  });

  it('brings a reader who left back only through a new signup and confirmation', async () => {
    const reader = await confirmedReader('returning@example.com', ['daily']);
    await request(links.unsubscribe(reader.id)).post('').expect(200);
    await request(t.url)
      .post('/api/subscriptions')
      .send({ email: 'returning@example.com', lists: ['weekly'] })
      .expect(202);
    const mail = await waitFor('the new confirmation', () => t.smtp.to('returning@example.com')[0]);
    expect((await t.db.getRepository(Subscriber).findOneByOrFail({ id: reader.id })).status).toBe(
      'unsubscribed',
    );
    const confirmUrl = /http:\/\/127\.0\.0\.1:\d+\/confirm\/\S+/.exec(mail.parsed.text ?? '')![0];
    await request(confirmUrl).post('').expect(200);
    expect((await t.db.getRepository(Subscriber).findOneByOrFail({ id: reader.id })).status).toBe(
      'confirmed',
    );
    expect(await activeSlugs(reader.id)).toEqual(['weekly']);
  });

  it('re-sends a pending confirmation only once the resend window has passed', async () => {
    const send = () =>
      request(t.url).post('/api/subscriptions').send({ email: 'again@example.com' }).expect(202);
    await send();
    await send();
    await t.settled();
    expect(t.smtp.to('again@example.com')).toHaveLength(1);
    await sleep(1300); // CONFIRM_RESEND_MINUTES=0.02 is 1.2 s here
    await send();
    await waitFor('the second confirmation', () => t.smtp.to('again@example.com').length === 2);
  });
});
