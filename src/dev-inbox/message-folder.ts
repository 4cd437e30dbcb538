import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `<milliseconds since 1970, 13 digits>-<8 hex>.eml`: sorted by name is sorted by arrival. */
const MESSAGE_FILE = /^(\d{13}-[0-9a-f]{8})\.eml$/;
const PARTIAL_FILE = /\.eml\.partial$/;

/**
 * A folder of raw messages, one `.eml` file each, as a mail client opens them. A file is written
 * under a temporary name and renamed, so a crash never leaves half a message under a real name.
 */
export class MessageFolder {
  constructor(readonly path: string) {}

  /** Creates the folder if need be and lists the ids it holds, oldest first. */
  async open(): Promise<string[]> {
    await mkdir(this.path, { recursive: true });
    const names = await readdir(this.path);
    await Promise.all(
      names.filter((name) => PARTIAL_FILE.test(name)).map((name) => rm(join(this.path, name))),
    );
    return names
      .map((name) => MESSAGE_FILE.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .sort();
  }

  async write(raw: Buffer, receivedAt: Date): Promise<string> {
    const id = `${String(receivedAt.getTime()).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
    const partial = join(this.path, `${id}.eml.partial`);
    await writeFile(partial, raw, { mode: 0o600 });
    await rename(partial, this.file(id));
    return id;
  }

  /** The message, or null when its file is gone (removed by hand). */
  async read(id: string): Promise<Buffer | null> {
    try {
      return await readFile(this.file(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  remove(id: string): Promise<void> {
    return rm(this.file(id), { force: true });
  }

  private file(id: string): string {
    if (!isMessageId(id)) throw new Error(`not a dev inbox message id: ${id}`);
    return join(this.path, `${id}.eml`);
  }
}

export function isMessageId(value: string): boolean {
  return MESSAGE_FILE.test(`${value}.eml`);
}

export function receivedAtOf(id: string): Date {
  return new Date(Number(id.slice(0, 13)));
}
