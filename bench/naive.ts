import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Article } from '../src/articles/entities/article.entity.js';
import { compileDigest } from '../src/rendering/digest-renderer.js';
import { TemplateRenderer } from '../src/rendering/template-renderer.js';
import { ROOT } from './stack.js';

/**
 * The naive sender a first version would be: for each recipient, render the MJML digest with
 * their links, then nodemailer.sendMail, over the same number of pooled connections.
 */
export async function sendNaively(
  port: number,
  articles: Article[],
  recipients: number,
  connections: number,
): Promise<{ messages: number; seconds: number }> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    pool: true,
    maxConnections: connections,
    maxMessages: Infinity,
  });
  const renderer = new TemplateRenderer(join(ROOT, 'templates'));
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    for (let index = next++; index < recipients; index = next++) {
      const digest = await compileDigest(renderer, {
        subject: 'نشرة الصباح',
        listName: 'النشرة اليومية',
        date: 'الأربعاء 25 نوفمبر 2026',
        articles,
        site: { name: 'نشرة', url: 'https://news.example', address: '' },
      });
      const { html, text } = digest.render({
        unsubscribe_url: `https://news.example/unsubscribe/${index}`,
        preferences_url: `https://news.example/preferences/${index}`,
      });
      await transport.sendMail({
        from: 'نشرة <newsletter@bench.example>',
        to: `reader-${index}@bench.example`,
        subject: 'نشرة الصباح',
        html,
        text,
        headers: { 'List-Unsubscribe': `<https://news.example/unsubscribe/${index}>` },
      });
    }
  };
  await Promise.all(Array.from({ length: connections }, sender));
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return { messages: recipients, seconds };
}
