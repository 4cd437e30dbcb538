import { parseArgs } from 'node:util';
import { HttpException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '../config/config.js';
import { CliModule } from './cli.module.js';
import { CliError, type Output, runCommand, USAGE, UsageError } from './commands.js';
import { dkimKeygen } from './dkim-keygen.js';

/** `npm run cli -- <command>`: the operator's tools, on the same configuration as the service. */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    strict: false,
    options: {
      list: { type: 'string' },
      confirmed: { type: 'boolean' },
      once: { type: 'boolean' },
      admin: { type: 'boolean' },
      name: { type: 'string' },
      editor: { type: 'string' },
      ed25519: { type: 'boolean' },
    },
  });
  if (positionals.length === 0 || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return positionals.length === 0 && !values.help ? 2 : 0;
  }
  const terminal = process.stdout.isTTY;
  const out: Output = {
    line: (text) => process.stdout.write(`${text}\n`),
    status: (text) => process.stdout.write(terminal ? `\r${text}` : `${text}\n`),
  };
  // Needs neither the configuration nor a database: it makes the keys the configuration will hold.
  if (positionals[0] === 'dkim:keygen') {
    dkimKeygen(positionals.slice(1), values.ed25519 === true, out);
    return 0;
  }
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: ['fatal', 'error'],
  });
  try {
    await runCommand(app, positionals, values, out);
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof ConfigError || error instanceof CliError) console.error(error.message);
    else if (error instanceof HttpException) console.error(describe(error));
    else console.error(error);
    process.exit(1);
  },
);

function describe(error: HttpException): string {
  const response = error.getResponse();
  return typeof response === 'object' && response && 'message' in response
    ? String((response as { message: unknown }).message)
    : error.message;
}
