import { ConflictException, NotFoundException } from '@nestjs/common';
import { feedInputFrom, feedServiceFailure } from './feed-form.js';

describe('the feed form', () => {
  it('takes a URL and an interval in minutes, in either kind of digits', () => {
    expect(feedInputFrom({ url: 'https://news.example/feed', pollMinutes: '15' })).toEqual({
      url: 'https://news.example/feed',
      pollMinutes: 15,
    });
    expect(feedInputFrom({ url: 'https://news.example/feed', pollMinutes: '١٥' })).toEqual({
      url: 'https://news.example/feed',
      pollMinutes: 15,
    });
  });

  it.each([
    [{ url: '', pollMinutes: '10' }, 'اكتب رابط الخلاصة.'],
    [{ url: 'news.example/feed', pollMinutes: '10' }, 'بادئاً بـ'],
    [{ url: 'ftp://news.example/feed', pollMinutes: '10' }, 'بادئاً بـ'],
    [{ url: 'https://news.example/feed', pollMinutes: '0' }, 'من دقيقة واحدة إلى'],
    [
      { url: 'https://news.example/feed', pollMinutes: '1441' },
      `${new Intl.NumberFormat('ar').format(1440)} دقيقة`,
    ],
    [{ url: 'https://news.example/feed', pollMinutes: '2.5' }, 'بالدقائق'],
    [{ url: 'https://news.example/feed', pollMinutes: '' }, 'بالدقائق'],
  ])('refuses %j in Arabic', (values, words) => {
    const refused = feedInputFrom(values);
    expect(refused).toMatchObject({ status: 422 });
    expect('message' in refused && refused.message.value).toContain(words);
  });

  it('says a taken address is taken, and leaves other failures to the error filter', () => {
    expect(feedServiceFailure(new ConflictException('taken'))).toMatchObject({ status: 409 });
    expect(() => feedServiceFailure(new NotFoundException())).toThrow(NotFoundException);
  });
});
