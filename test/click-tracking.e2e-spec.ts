import { jest } from '@jest/globals';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { Campaign } from '../src/campaigns/entities/campaign.entity.js';
import { ClickFlusher } from '../src/clicks/click-flusher.js';
import { clickDay, clickKeys } from '../src/clicks/click-keys.js';
import { ClicksRepository } from '../src/clicks/clicks.repository.js';
import { REDIS, type RedisClient } from '../src/redis/redis-token.js';
import { arabicNumber } from '../src/common/arabic-format.js';
import { TokenService } from '../src/tokens/token.service.js';
import { createEditor, logIn } from './helpers/editors.js';
import { auth, campaignSent, draftCampaign, seedSubscribers } from './helpers/seed.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const ARTICLE_A = 'https://news.example/a';
const ARTICLE_B = 'https://news.example/b';
const ARTICLE_URL = /^https:\/\/(news|elsewhere)\.example\/[a-z]$/;

/** Sends a fresh draft of the seeded articles to the list and returns its id once it is out. */
async function sentCampaign(t: TestApp): Promise<string> {
  const id = await draftCampaign(t);
  await request(t.url).post(`/api/admin/campaigns/${id}/send`).set(auth).send({}).expect(202);
  await campaignSent(t, id, 60_000);
  return id;
}

/** The campaign's message to `email`: its HTML, its text, and every link the HTML carries. */
function messageTo(t: TestApp, email: string, campaignId: string) {
  const mail = t.smtp
    .to(email)
    .find((message) => message.header('X-Nashra-Ref').startsWith(`c${campaignId}.`));
  if (!mail) throw new Error(`no message of campaign ${campaignId} to ${email}`);
  const html = String(mail.parsed.html);
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((match) =>
    match[1].replace(/&amp;/g, '&'),
  );
  return { html, text: mail.parsed.text ?? '', hrefs, ref: mail.header('X-Nashra-Ref') };
}

async function follow(link: string) {
  return request(link).get('').redirects(0);
}

async function campaignClicks(t: TestApp, id: string) {
  await t.app.get(ClickFlusher).flush();
  const response = await request(t.url).get(`/api/admin/campaigns/${id}`).set(auth).expect(200);
  return response.body as {
    clicks?: {
      total: number;
      unique?: number;
      opens?: number;
      byArticle: { articleId: string; url: string; clicks: number; unique?: number }[];
    };
  };
}

function clicksOn(body: Awaited<ReturnType<typeof campaignClicks>>, url: string) {
  return body.clicks?.byArticle.find((row) => row.url === url);
}

describe('TRACK_CLICKS=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRACK_CLICKS: 'true' });
  });
  afterAll(() => t.close());

  it('sends article links through /r/, counts each click and redirects to the article', async () => {
    const [reader] = await seedSubscribers(t, 2);
    const id = await sentCampaign(t);
    const message = messageTo(t, reader.email, id);

    const tracked = message.hrefs.filter((href) => href.startsWith(`${t.url}/r/`));
    expect(tracked.length).toBeGreaterThanOrEqual(2);
    expect(message.hrefs).not.toContain(ARTICLE_A);
    expect(message.hrefs).not.toContain(ARTICLE_B);
    // The footer's links are the reader's own, never counted nor wrapped.
    const unsubscribe = message.hrefs.filter((href) => href.includes('/unsubscribe/'));
    const preferences = message.hrefs.filter((href) => href.includes('/preferences/'));
    expect(unsubscribe).toHaveLength(1);
    expect(preferences).toHaveLength(1);
    expect(unsubscribe[0].startsWith(`${t.url}/unsubscribe/`)).toBe(true);
    expect(preferences[0].startsWith(`${t.url}/preferences/`)).toBe(true);
    // The text part's "read more" goes through /r/ too.
    expect(message.text).toContain(`${t.url}/r/`);
    expect(message.text).not.toContain(ARTICLE_A);
    // Opens are not tracked unless asked for.
    expect(message.html).not.toContain('/o/');

    const targets = new Map<string, string>();
    for (const link of tracked) {
      const response = await follow(link);
      expect(response.status).toBe(302);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect([ARTICLE_A, ARTICLE_B]).toContain(response.headers.location);
      targets.set(response.headers.location as string, link);
    }
    expect(targets.size).toBe(2);
    await follow(targets.get(ARTICLE_A)!);

    const body = await campaignClicks(t, id);
    expect(body.clicks?.total).toBe(tracked.length + 1);
    expect(body.clicks?.unique).toBeUndefined();
    const a = clicksOn(body, ARTICLE_A)!;
    const b = clicksOn(body, ARTICLE_B)!;
    expect(typeof a.articleId).toBe('string');
    expect(a.clicks + b.clicks).toBe(tracked.length + 1);
    expect(a.clicks).toBe(tracked.filter((link) => link === targets.get(ARTICLE_A)).length + 1);

    // The campaign page and the overview show them, in Arabic digits.
    await createEditor(t, 'clicks@news.example');
    const editor = await logIn(t, 'clicks@news.example');
    const page = await request(t.url)
      .get(`/admin/campaigns/${id}`)
      .set('Cookie', editor.cookie)
      .expect(200);
    expect(page.text).toContain(
      `data-field="clicks-total">${arabicNumber(tracked.length + 1)}</b>`,
    );
    expect(page.text).toContain(`href="${ARTICLE_A}"`);
    const overview = await request(t.url).get('/admin').set('Cookie', editor.cookie).expect(200);
    expect(overview.text).toContain('الأكثر نقراً');
    const top = overview.text.slice(overview.text.indexOf('data-field="top-clicked"'));
    expect(top).toContain(`href="${ARTICLE_A}"`);
    expect(top).toContain(`<td>${arabicNumber(a.clicks)}</td>`);
  });

  it('answers 404 to a forged, foreign or garbage token, counts nothing and redirects nowhere', async () => {
    const [reader] = await seedSubscribers(t, 1, { domain: 'forged.example' });
    const id = await sentCampaign(t);
    const before = (await campaignClicks(t, id)).clicks;
    const link = messageTo(t, reader.email, id).hrefs.find((href) => href.includes('/r/'))!;
    const token = link.slice(link.lastIndexOf('/r/') + 3);
    const [campaign36, , signature] = token.split('.');

    // Another article, in another campaign: signed by us, but not one this campaign shows.
    const other = await request(t.url)
      .post('/api/admin/articles')
      .set(auth)
      .send({ url: 'https://elsewhere.example/x', title: 'مقال آخر' })
      .expect(201);
    const otherId = Number(other.body.id);
    await request(t.url)
      .post('/api/admin/campaigns')
      .set(auth)
      .send({ list: 'daily', subject: 'حملة أخرى', articleIds: [String(otherId)] })
      .expect(201);
    const tokens = t.app.get(TokenService);
    const foreign = tokens.signMark('click', { campaignId: Number(id), articleId: otherId });
    const noCampaign = tokens.signMark('click', { campaignId: 999_999, articleId: otherId });
    const pixel = tokens.signMark('open', { campaignId: Number(id), articleId: 0 });

    for (const bad of [
      `${campaign36}.${otherId.toString(36)}.${signature}`,
      `${token.slice(0, -2)}AA`,
      foreign,
      noCampaign,
      pixel,
      'garbage',
      `${token}x`,
      encodeURIComponent('https://evil.example/'),
    ]) {
      const response = await request(t.url).get(`/r/${bad}`).redirects(0);
      expect(response.status).toBe(404);
      expect(response.headers.location).toBeUndefined();
      expect(response.text).toContain('lang="ar" dir="rtl"');
    }
    expect(before?.total).toBe(0);
    expect((await campaignClicks(t, id)).clicks).toEqual(before);
  });

  it('answers HEAD (link scanners, mail gateways) with the same redirect and counts only GET', async () => {
    const [reader] = await seedSubscribers(t, 1, { domain: 'scanned.example' });
    const id = await sentCampaign(t);
    const link = messageTo(t, reader.email, id).hrefs.find((href) => href.includes('/r/'))!;
    const path = link.slice(t.url.length);

    const scanned = await request(t.url).head(path).redirects(0);
    expect(scanned.status).toBe(302);
    // One of the campaign's articles (an earlier test added a third).
    expect(scanned.headers.location).toMatch(ARTICLE_URL);
    expect(scanned.headers['cache-control']).toBe('no-store');
    expect(scanned.headers['referrer-policy']).toBe('no-referrer');
    const forged = await request(t.url)
      .head(`${path.slice(0, -2)}AA`)
      .redirects(0);
    expect(forged.status).toBe(404);
    expect(forged.headers.location).toBeUndefined();
    expect((await campaignClicks(t, id)).clicks?.total).toBe(0);

    const clicked = await follow(link);
    expect(clicked.headers.location).toBe(scanned.headers.location);
    expect((await campaignClicks(t, id)).clicks?.total).toBe(1);
  });

  it('still redirects when Redis cannot count the click', async () => {
    const [reader] = await seedSubscribers(t, 1, { domain: 'redis-down.example' });
    const id = await sentCampaign(t);
    const link = messageTo(t, reader.email, id).hrefs.find((href) => href.includes('/r/'))!;
    const redis = t.app.get<Redis>(REDIS);
    const failing = jest
      .spyOn(redis, 'hincrby')
      .mockRejectedValueOnce(new Error('Connection is closed.'));
    try {
      const response = await follow(link);
      expect(response.status).toBe(302);
      expect(response.headers.location).toMatch(ARTICLE_URL);
      expect(failing).toHaveBeenCalledTimes(1);
    } finally {
      failing.mockRestore();
    }
    expect((await campaignClicks(t, id)).clicks?.total).toBe(0);
  });

  it('finishes a batch whose flusher died, and never adds a batch twice', async () => {
    await seedSubscribers(t, 1, { domain: 'crash.example' });
    const id = await sentCampaign(t);
    const campaign = await t.db.getRepository(Campaign).findOneByOrFail({ id: Number(id) });
    const [articleId] = campaign.parsedArticleIds();
    const redis = t.app.get<RedisClient>(REDIS);
    const keys = clickKeys(t.config.QUEUE_PREFIX);
    const field = `${id}.${articleId}.${clickDay()}`;
    const leave = async (batch: string, clicks: number) => {
      await redis.hset(keys.batchCounts(batch), field, String(clicks));
      await redis.sadd(keys.batches, batch);
    };
    const longAgo = Date.now() - 120_000;
    // Taken from the pending hash two minutes ago; the process died before the database had it.
    await leave(`${longAgo}-died-before`, 5);
    // Written to the database; the process died before deleting it from Redis.
    await t.app.get(ClicksRepository).applyBatch({
      id: `${longAgo}-died-after`,
      counts: [{ campaignId: Number(id), articleId, day: clickDay(), clicks: 3 }],
      readers: [],
    });
    await leave(`${longAgo}-died-after`, 3);
    // Just taken by a live process elsewhere: its own to finish.
    const live = `${Date.now()}-live`;
    await leave(live, 100);

    const body = await campaignClicks(t, id);
    expect(body.clicks?.total).toBe(5 + 3);
    expect(await redis.smembers(keys.batches)).toEqual([live]);
    expect((await campaignClicks(t, id)).clicks?.total).toBe(8);
  });
});

describe('TRACK_CLICKS=per-subscriber, TRACK_OPENS=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRACK_CLICKS: 'per-subscriber', TRACK_OPENS: 'true' });
  });
  afterAll(() => t.close());

  it('counts unique readers from signed references only, and opens through the pixel', async () => {
    const readers = await seedSubscribers(t, 3);
    const id = await sentCampaign(t);
    const links = readers.map((reader) => {
      const message = messageTo(t, reader.email, id);
      // The reader's link carries the message's own signed reference, in both parts.
      const tracked = message.hrefs.filter((href) => href.includes('/r/'));
      for (const href of tracked) expect(href.endsWith(`?r=${message.ref}`)).toBe(true);
      expect(message.text).toContain(`?r=${message.ref}`);
      return { tracked, html: message.html };
    });

    const followAll = async (tracked: string[]) => {
      const target = new Map<string, string>();
      for (const link of tracked) target.set((await follow(link)).headers.location as string, link);
      return target;
    };
    const zero = await followAll(links[0].tracked); // reader 0: one click on each article
    const one = await followAll(links[1].tracked.slice(0, 1)); // reader 1: one click
    const clicked = links[0].tracked.length + 1;
    await follow(zero.get(ARTICLE_A)!); // reader 0 again: a click, not a new reader
    const bare = zero.get(ARTICLE_A)!.split('?')[0];
    expect((await follow(bare)).status).toBe(302); // no reference: counted, nobody named
    expect((await follow(`${bare}?r=c${id}.s${readers[2].id}.000000000000`)).status).toBe(302);
    expect((await follow(`${bare}?r=c${id}.s0`)).status).toBe(302); // a test copy: not counted

    const body = await campaignClicks(t, id);
    expect(body.clicks?.total).toBe(clicked + 3);
    expect(body.clicks?.unique).toBe(2);
    expect(clicksOn(body, ARTICLE_A)?.unique).toBe(1 + (one.has(ARTICLE_A) ? 1 : 0));

    const pixel = /<img[^>]*\ssrc="([^"]+\/o\/[^"]+\.gif)"/.exec(links[2].html)?.[1];
    expect(pixel).toBeDefined();
    const scanned = await request(pixel!.replace(/&amp;/g, '&')).head('').expect(200);
    expect(scanned.headers['content-type']).toMatch(/^image\/gif/);
    const opened = await request(pixel!.replace(/&amp;/g, '&')).get('').expect(200);
    expect(opened.headers['content-type']).toMatch(/^image\/gif/);
    expect((await campaignClicks(t, id)).clicks?.opens).toBe(1);
  });
});

describe('tracking off (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('sends plain article links, no pixel, and /r/ is a 404 even for a valid token', async () => {
    const [reader] = await seedSubscribers(t, 1);
    const id = await sentCampaign(t);
    const message = messageTo(t, reader.email, id);
    expect(message.hrefs).toContain(ARTICLE_A);
    expect(message.hrefs).toContain(ARTICLE_B);
    expect(message.hrefs.some((href) => href.includes('/r/'))).toBe(false);
    expect(message.html).not.toContain('/o/');

    const body = await campaignClicks(t, id);
    expect(body.clicks).toBeUndefined();
    const campaign = await t.db.getRepository(Campaign).findOneByOrFail({ id: Number(id) });
    const [articleId] = campaign.parsedArticleIds();
    const token = t.app.get(TokenService).signMark('click', { campaignId: Number(id), articleId });
    const response = await request(t.url).get(`/r/${token}`).redirects(0);
    expect(response.status).toBe(404);
    expect(response.headers.location).toBeUndefined();
  });
});
