import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { awaitCurrentSchema } from './await-schema.js';
import { dataSourceOptions } from './data-source-options.js';
import { serializeTransactions } from './sqlite-transactions.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (config.database.type === 'sqlite' && config.database.path !== ':memory:') {
          mkdirSync(dirname(config.database.path), { recursive: true });
        }
        return dataSourceOptions(config);
      },
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const dataSource = new DataSource(options!);
        if (options!.type === 'better-sqlite3') serializeTransactions(dataSource);
        await dataSource.initialize();
        if (!options!.migrationsRun) await awaitCurrentSchema(dataSource);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
