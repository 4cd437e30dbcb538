import { join } from 'node:path';
import type { AppConfig } from '../config/config.js';

/**
 * Where the dev inbox keeps its messages: beside the database they belong to, so a fresh database
 * (each test's own, a second checkout's) comes with an empty inbox and no two share one.
 * SQLite `data/nashra.sqlite` keeps them in `data/nashra.sqlite-dev-inbox/`, as SQLite names its
 * own `-wal` file; PostgreSQL database `nashra` in `DATA_DIR/dev-inbox-nashra/`. A database in
 * memory has none: its inbox forgets on restart as the database does.
 */
export function devInboxFolder(config: AppConfig): string | null {
  const { database } = config;
  if (database.type === 'sqlite') {
    const memory = database.path === ':memory:' || database.path.includes('mode=memory');
    return memory ? null : `${database.path}-dev-inbox`;
  }
  return join(config.DATA_DIR, `dev-inbox-${postgresName(database.url)}`);
}

/** The database's name, in characters any file system takes. */
function postgresName(url: string): string {
  let name = '';
  try {
    name = decodeURIComponent(new URL(url).pathname.slice(1));
  } catch {
    // A URL that node-postgres reads but URL does not: the default database's name.
  }
  return (name || 'postgres').replace(/[^A-Za-z0-9_-]/g, '_');
}
