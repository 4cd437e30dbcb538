import type { Feed } from '../../articles/entities/feed.entity.js';
import { feedStatus, feedStatusBrief } from './feed-status.js';

/** The digits are whatever the pages use for Arabic (`Intl.NumberFormat('ar')`). */
const n = (value: number) => new Intl.NumberFormat('ar').format(value);

const feed = (fields: Partial<Feed>) =>
  ({
    paused: false,
    lastStatus: 'ok',
    lastError: '',
    lastNew: 0,
    lastUpdated: 0,
    ...fields,
  }) as Feed;

describe('a feed status', () => {
  it.each([
    [{ lastNew: 3, lastUpdated: 2 }, `سليمة: أُضيفت ${n(3)} مقالات وحُدِّثت مقالتان`],
    [{ lastNew: 1 }, 'سليمة: أُضيفت مقالة واحدة'],
    [{ lastUpdated: 11 }, `سليمة: حُدِّثت ${n(11)} مقالة`],
    [{}, 'سليمة: لا جديد'],
    [
      { lastNew: 2, lastError: '4 items without a valid link or title were skipped' },
      `سليمة: أُضيفت مقالتان، وتُركت ${n(4)} مقالات بلا رابط أو عنوان صالح`,
    ],
    [
      {
        lastNew: 1,
        lastError: '3 items without a link were skipped; 2 items without a title were skipped',
      },
      `سليمة: أُضيفت مقالة واحدة، وتُركت ${n(3)} مقالات بلا رابط ومقالتان بلا عنوان`,
    ],
    [
      { lastError: '1 item with invalid fields was skipped' },
      'سليمة: لا جديد، وتُركت مقالة واحدة فيها حقول غير صالحة',
    ],
    [
      { lastNew: 2, lastError: 'unknown encoding "x-klingon", read as UTF-8' },
      'سليمة: أُضيفت مقالتان، وقُرئت بترميز <bdi dir="ltr">UTF-8</bdi> لأن ترميزها المعلن (<bdi dir="ltr">x-klingon</bdi>) غير معروف',
    ],
    [{ lastStatus: 'not_modified' as const }, 'سليمة: لا جديد'],
    [{ lastStatus: 'pending' as const }, 'لم تُقرأ بعد'],
  ])('reads %j as «%s»', (fields, text) => {
    expect(feedStatus(feed(fields)).value).toBe(text);
  });

  it('says a paused feed is paused, then what its last poll did', () => {
    const status = feedStatus(feed({ paused: true, lastStatus: 'error', lastError: 'HTTP 404' }));
    expect(status.value).toMatch(/^<span class="status paused">متوقفة مؤقتاً<\/span>/);
    expect(status.value).toContain('لم يجد الخادم خلاصة');
    expect(status.value).not.toContain('HTTP');
  });
});

describe('a feed status in short', () => {
  it('leaves the explanation of an error to its own line, and keeps the rest', () => {
    const broken = feed({ lastStatus: 'error', lastError: 'HTTP 404' });
    expect(feedStatusBrief(broken).value).toBe('تعذّرت القراءة');
    expect(feedStatusBrief(feed({ lastNew: 1 })).value).toBe('سليمة: أُضيفت مقالة واحدة');
    expect(feedStatusBrief({ ...broken, paused: true }).value).toContain('متوقفة مؤقتاً');
  });
});
