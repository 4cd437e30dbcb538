import { loadConfig } from '../config/config.js';
import { devInboxFolder } from './dev-inbox-folder.js';

const folderFor = (DATABASE_URL: string) =>
  devInboxFolder(loadConfig({ DATABASE_URL, DATA_DIR: '/srv/nashra', APP_SECRET: 'x'.repeat(32) }));

describe('devInboxFolder', () => {
  it('keeps the mail beside its database, one folder per database', () => {
    expect(folderFor('sqlite:./data/nashra.sqlite')).toBe('./data/nashra.sqlite-dev-inbox');
    expect(folderFor('sqlite:/tmp/nashra_test_1_ab.sqlite')).toBe(
      '/tmp/nashra_test_1_ab.sqlite-dev-inbox',
    );
    expect(folderFor('postgres://nashra:secret@db:5432/nashra')).toBe(
      '/srv/nashra/dev-inbox-nashra',
    );
    expect(folderFor('postgres://postgres@127.0.0.1/nashra_test_2_cd')).toBe(
      '/srv/nashra/dev-inbox-nashra_test_2_cd',
    );
  });

  it('has none for a database in memory, and makes odd names safe for a path', () => {
    expect(folderFor('sqlite::memory:')).toBeNull();
    expect(folderFor('sqlite:')).toBeNull();
    expect(folderFor('postgres://db/..%2Fetc')).toBe('/srv/nashra/dev-inbox-___etc');
    expect(folderFor('postgres://db')).toBe('/srv/nashra/dev-inbox-postgres');
  });
});
