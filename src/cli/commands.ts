import { randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { EditorsService } from '../auth/editors.service.js';
import { ApiTokensService } from '../auth/api-tokens.service.js';
import { CsvHeaderError, CsvUnreadable } from '../admin/csv-import.js';
import { SubscriberImporter } from '../admin/subscriber-importer.js';
import { CampaignSendingService } from '../campaigns/campaign-sending.service.js';
import { CampaignTestSender } from '../campaigns/campaign-test-sender.service.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { normalizeEmail } from '../common/email-address.js';
import { ListsService } from '../subscribers/lists.service.js';
import { progressLine } from './progress-bar.js';

export class UsageError extends Error {}
/** A failure the operator can act on: printed as it is, exit code 1. */
export class CliError extends Error {}

export interface Output {
  line(text: string): void;
  /** Rewrites the current line on a terminal; prints a new line elsewhere (logs, CI). */
  status(text: string): void;
}

type Flags = Record<string, string | boolean | undefined>;

export const USAGE = `Usage: npm run cli -- <command>

  editors:create <email> [--admin] [--name <name>]
                                         make an account for /admin (password shown once,
                                         or taken from NASHRA_PASSWORD)
  editors:password <email>               set a new password; every session of theirs ends
  editors:list                           list accounts
  tokens:create <name> [--editor <email>]
                                         make an API token (shown once); with --editor it
                                         acts as that editor
  tokens:list                            list tokens (never their values)
  tokens:revoke <id>                     revoke a token at once
  import <file.csv> --list <slug> [--confirmed]
                                         import subscribers (columns email,name)
  test <campaign-id> <email>             send one test copy of a campaign
  progress <campaign-id> [--once]        follow a campaign until it is sent
  dkim:keygen <domain> <selector> [--ed25519]
                                         make DKIM keys (RSA-2048, and Ed25519 with
                                         --ed25519); prints them, their DNS TXT records
                                         and the DKIM_* environment to set`;

export async function runCommand(
  app: INestApplicationContext,
  [command, ...args]: string[],
  flags: Flags,
  out: Output,
): Promise<void> {
  const arg = (index: number, name: string) => {
    if (!args[index]) throw new UsageError(`${command}: missing <${name}>`);
    return args[index];
  };
  switch (command) {
    case 'editors:create': {
      const { password, generated } = newPassword();
      const editor = await app.get(EditorsService).create({
        email: arg(0, 'email'),
        name: typeof flags.name === 'string' ? flags.name : '',
        role: flags.admin === true ? 'admin' : 'editor',
        password,
      });
      out.line(`Account ${editor.id}: ${editor.email} (${editor.role}).`);
      if (generated) out.line(`Password (shown once): ${password}`);
      return;
    }
    case 'editors:password': {
      const editors = app.get(EditorsService);
      const editor = await editors.findByEmail(arg(0, 'email'));
      if (!editor) throw new CliError(`editors:password: no account for ${args[0]}`);
      const { password, generated } = newPassword();
      await editors.setPassword(editor.id, password);
      out.line(`New password for ${editor.email}; their sessions have ended.`);
      if (generated) out.line(`Password (shown once): ${password}`);
      return;
    }
    case 'editors:list':
      for (const editor of await app.get(EditorsService).list()) {
        const state = editor.disabledAt ? 'disabled' : 'active';
        out.line(`${editor.id}\t${editor.role}\t${state}\t${editor.email}\t${editor.name}`);
      }
      return;
    case 'tokens:create': {
      let editorId: number | null = null;
      if (typeof flags.editor === 'string') {
        const editor = await app.get(EditorsService).findByEmail(flags.editor);
        if (!editor) throw new CliError(`tokens:create: no account for ${flags.editor}`);
        editorId = editor.id;
      }
      const made = await app
        .get(ApiTokensService)
        .create(args.join(' ').trim() || arg(0, 'name'), editorId);
      out.line(`Token ${made.id} for ${made.name} (shown once; keep it safe):`);
      out.line(made.token);
      return;
    }
    case 'tokens:list':
      for (const token of await app.get(ApiTokensService).list()) {
        const state = token.revokedAt ? 'revoked' : 'live';
        const used = token.lastUsedAt ? new Date(token.lastUsedAt).toISOString() : 'never';
        out.line(`${token.id}\t${state}\tlast used ${used}\t${token.name}`);
      }
      return;
    case 'tokens:revoke':
      await app.get(ApiTokensService).revoke(Number(arg(0, 'id')) || 0);
      out.line(`Token ${args[0]} revoked.`);
      return;
    case 'import':
      return importCsv(app, arg(0, 'file.csv'), flags, out);
    case 'test': {
      const campaign = await app.get(CampaignsService).get(arg(0, 'campaign-id'));
      const checked = normalizeEmail(arg(1, 'email'));
      if (!checked.ok) throw new UsageError(`test: ${checked.reason}`);
      await app.get(CampaignTestSender).send(campaign, checked.email);
      out.line(`Test copy of campaign ${campaign.id} sent to ${checked.email}.`);
      return;
    }
    case 'progress':
      return followProgress(app, arg(0, 'campaign-id'), flags.once === true, out);
    default:
      throw new UsageError(command ? `unknown command: ${command}` : 'no command given');
  }
}

async function importCsv(app: INestApplicationContext, file: string, flags: Flags, out: Output) {
  if (typeof flags.list !== 'string') throw new UsageError('import: --list <slug> is required');
  const [list] = await app.get(ListsService).resolve([flags.list]);
  await access(file, constants.R_OK).catch(() => {
    throw new CliError(`import: cannot read ${file}`);
  });
  const summary = await app
    .get(SubscriberImporter)
    .import(createReadStream(file), list, {
      confirmed: flags.confirmed === true,
      source: 'cli-import',
      ip: '127.0.0.1',
    })
    .catch((error: unknown) => {
      const unreadable = error instanceof CsvHeaderError || error instanceof CsvUnreadable;
      throw unreadable ? new CliError(`import: ${error.message}`) : error;
    });
  out.line(
    `Imported ${summary.imported}, skipped ${summary.skipped} (existing, repeated or suppressed), ${summary.errors.length} rows with errors.`,
  );
  for (const error of summary.errors)
    out.line(`  row ${error.row}: ${error.email} — ${error.reason}`);
}

/** NASHRA_PASSWORD when the operator chose one; else 18 random bytes, printed once. */
function newPassword(): { password: string; generated: boolean } {
  const chosen = process.env.NASHRA_PASSWORD;
  if (chosen) return { password: chosen, generated: false };
  return { password: randomBytes(18).toString('base64url'), generated: true };
}

const FINAL = new Set(['sent', 'cancelled', 'failed', 'draft']);

async function followProgress(
  app: INestApplicationContext,
  id: string,
  once: boolean,
  out: Output,
): Promise<void> {
  const campaigns = app.get(CampaignsService);
  const sending = app.get(CampaignSendingService);
  let last = '';
  for (;;) {
    const campaign = await campaigns.get(id);
    const line = progressLine(campaign.status, await sending.progress(campaign));
    if (line !== last) out.status(line);
    last = line;
    if (once || FINAL.has(campaign.status)) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  out.line('');
}
