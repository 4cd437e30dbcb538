import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source-options.js';

/** `npm run migration:run`: applies pending migrations and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.database.type === 'sqlite')
    mkdirSync(dirname(config.database.path), { recursive: true });
  const dataSource = new DataSource({ ...dataSourceOptions(config), migrationsRun: false });
  await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  console.warn(
    applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}` : 'Nothing to apply.',
  );
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
