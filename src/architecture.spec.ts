import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The floors of docs/architecture.md ("Modules and floors"), checked on every import in src/:
 * a folder imports only folders on lower floors, never one above and never a neighbour on its
 * own floor. What two neighbours share moves down a floor.
 */
const FLOORS: Record<string, number> = {
  cli: 12,
  admin: 11,
  health: 11,
  metrics: 11,
  embed: 11,
  'dev-inbox': 11,
  schedules: 10,
  campaigns: 9,
  bounces: 8,
  clicks: 8,
  delivery: 7,
  rendering: 6,
  articles: 5,
  subscribers: 4,
  auth: 3,
  database: 2,
  redis: 2,
  queues: 2,
  tokens: 2,
  pages: 2,
  config: 1,
  common: 1,
  logging: 1,
};

/** The imports the page lists as still against the floors; shorten this list, never grow it. */
const KNOWN_EXCEPTIONS = new Set(['queues → redis']);

const SRC = import.meta.dirname;
const ROOF = new Set(['app.module.ts', 'app.ts', 'main.ts', 'worker.ts']);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function folderOf(path: string): string {
  return relative(SRC, path).split('/')[0];
}

function crossings(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    if (ROOF.has(from)) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = folderOf(resolve(dirname(file), match[1]));
      if (to === from) continue;
      // The data source must list every table: it may import entity classes, and only those.
      if (from === 'database' && /\/entities\/[\w-]+\.entity\.js$/.test(match[1])) continue;
      if (ROOF.has(to)) {
        found.add(`${relative(SRC, file)} imports the roof (${match[1]})`);
        continue;
      }
      if (FLOORS[from] === undefined || FLOORS[to] === undefined) {
        found.add(`${from} or ${to} has no floor in docs/architecture.md`);
        continue;
      }
      if (FLOORS[to] >= FLOORS[from] && !KNOWN_EXCEPTIONS.has(`${from} → ${to}`)) {
        found.add(
          `${relative(SRC, file)}: ${from} (floor ${FLOORS[from]}) → ${to} (floor ${FLOORS[to]})`,
        );
      }
    }
  }
  return [...found].sort();
}

describe('the floors of docs/architecture.md', () => {
  it('every folder under src/ has a floor', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.filter((folder) => FLOORS[folder] === undefined)).toEqual([]);
  });

  it('no import reaches a floor above or a neighbour on the same floor', () => {
    expect(crossings()).toEqual([]);
  });
});
