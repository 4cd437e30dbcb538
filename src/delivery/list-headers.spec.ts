import { listHeaders } from './list-headers.js';

const headers = (listName: string) =>
  listHeaders({
    unsubscribeUrl: '[[unsubscribe_url]]',
    listName,
    listSlug: 'daily',
    mailDomain: 'news.example',
  });

describe('List-Id', () => {
  it('keeps a plain ASCII name readable, and MIME-encodes an Arabic one', () => {
    expect(headers('Daily news')['List-Id']).toBe('Daily news <daily.news.example>');
    expect(headers('النشرة اليومية')['List-Id']).toMatch(
      /^=\?UTF-8\?B\?\S+\?= <daily\.news\.example>$/,
    );
  });

  it('never leaves "[[" of a list name where a per-message slot could be read', () => {
    const value = headers('[[to]] news')['List-Id'];
    expect(value).not.toContain('[[');
    expect(value).toMatch(/^=\?UTF-8\?B\?\S+\?= <daily\.news\.example>$/);
  });
});
