import request from 'supertest';
import type { Progress } from '../../src/campaigns/campaign-sending.service.js';
import { SubscriberAdminService } from '../../src/admin/subscriber-admin.service.js';
import { Subscriber } from '../../src/subscribers/entities/subscriber.entity.js';
import { ListsService } from '../../src/subscribers/lists.service.js';
import { ADMIN_TOKEN, type TestApp } from './test-app.js';
import { waitFor } from './wait-for.js';

export const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/** `count` subscribers named reader-N@domain, confirmed on the list (or pending), inserted in batches. */
export async function seedSubscribers(
  t: TestApp,
  count: number,
  options: { domain?: string; list?: string; confirmed?: boolean } = {},
): Promise<Subscriber[]> {
  const domain = options.domain ?? 'readers.example';
  const lists = await t.app.get(ListsService).resolve([options.list ?? 'daily']);
  const admin = t.app.get(SubscriberAdminService);
  const added: Subscriber[] = [];
  for (let start = 0; start < count; start += 500) {
    const people = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
      email: `reader-${start + i}@${domain}`,
      name: `قارئ ${start + i}`,
    }));
    added.push(
      ...(await admin.insertBatch(people, lists, options.confirmed ?? true, 'test', '127.0.0.1'))
        .added,
    );
  }
  return added;
}

/** A few recent articles and a draft digest of them for `list`; returns the campaign id. */
export async function draftCampaign(
  t: TestApp,
  list = 'daily',
  subject = 'نشرة الصباح',
): Promise<string> {
  await request(t.url)
    .post('/api/admin/articles')
    .set(auth)
    .send([
      {
        url: 'https://news.example/a',
        title: 'تسليم أسلحة إلى #وزارة_الداخلية',
        summary: 'ملخص أول',
      },
      { url: 'https://news.example/b', title: 'هجمات في #نينوى', summary: 'ملخص ثانٍ' },
    ])
    .expect(201);
  const created = await request(t.url)
    .post('/api/admin/campaigns')
    .set(auth)
    .send({ list, subject, sinceHours: 24 })
    .expect(201);
  return created.body.id as string;
}

export async function campaignStatus(t: TestApp, id: string) {
  const response = await request(t.url).get(`/api/admin/campaigns/${id}`).set(auth).expect(200);
  return response.body as Progress & { status: string };
}

/** Waits until the campaign's status is "sent" and returns its final counters. */
export function campaignSent(t: TestApp, id: string, timeoutMs: number) {
  return waitFor(
    `campaign ${id} to be sent`,
    async () => {
      const status = await campaignStatus(t, id);
      return status.status === 'sent' && status;
    },
    timeoutMs,
  );
}

/** A campaign's messages by recipient, each with the subjects it got (one, if all is well). */
export function subjectsByRecipient(t: TestApp, campaignId: string): Map<string, string[]> {
  const byRecipient = new Map<string, string[]>();
  for (const mail of t.smtp.messages) {
    if (!mail.header('X-Nashra-Ref').startsWith(`c${campaignId}.`)) continue;
    for (const to of mail.to) {
      byRecipient.set(to, [...(byRecipient.get(to) ?? []), mail.parsed.subject ?? '']);
    }
  }
  return byRecipient;
}
