import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { MJMLParsingOptions } from 'mjml-core';

/** A compiler that has compiled nothing for this long ends, and its memory goes back. */
const IDLE_MS = 60_000;

/**
 * The child's code, CommonJS: it loads MJML from the path the parent resolved and answers each
 * request with the HTML or the error's message. It leaves when its parent does.
 */
const CHILD_SOURCE = `
const mjml2html = require(process.argv[1]);
process.title = 'nashra: mjml';
process.on('disconnect', () => process.exit(0));
process.on('message', async ({ id, mjml, options }) => {
  try {
    const result = await mjml2html(mjml, options);
    process.send({ id, html: result.html });
  } catch (error) {
    process.send({ id, error: String((error && error.message) || error) });
  }
});
`;

interface Reply {
  id: number;
  html?: string;
  error?: string;
}

interface Pending {
  child: ChildProcess;
  resolve: (html: string) => void;
  reject: (error: Error) => void;
}

/**
 * MJML compiles in a child process, started on demand and ended after a minute idle. MJML and
 * what it loads (htmlnano, cheerio, js-beautify, lodash…) are 20–25 MB that a worker needs once
 * per campaign and then never while it sends its million messages; in a thread they still
 * counted against the worker's own peak. Render and send are separate steps, in separate memory.
 */
export class MjmlProcess {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly mjmlPath = createRequire(import.meta.url).resolve('mjml');

  constructor(private readonly idleMs = IDLE_MS) {}

  toHtml(mjml: string, options: MJMLParsingOptions): Promise<string> {
    const child = this.running();
    const id = this.nextId++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    holdProcessOpen(child, true);
    return new Promise<string>((resolve, reject) => {
      this.pending.set(id, { child, resolve, reject });
      child.send({ id, mjml, options });
    });
  }

  /** Ends the compiler now (tests, shutdown); the next compile starts another. */
  close(): void {
    const child = this.child;
    this.child = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (child?.connected) child.disconnect();
  }

  private running(): ChildProcess {
    if (this.child) return this.child;
    const child = spawn(process.execPath, ['-e', CHILD_SOURCE, this.mjmlPath], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (reply: Reply) => this.settle(reply));
    child.on('error', (error) => this.failAll(child, error));
    child.on('exit', (code, signal) =>
      this.failAll(child, new Error(`the MJML compiler exited (${signal ?? code})`)),
    );
    this.child = child;
    return child;
  }

  private settle(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.error !== undefined) pending.reject(new Error(reply.error));
    else pending.resolve(reply.html ?? '');
    if (![...this.pending.values()].some((other) => other.child === pending.child)) {
      holdProcessOpen(pending.child, false);
    }
    if (this.pending.size === 0) this.endWhenIdle();
  }

  private endWhenIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.close(), this.idleMs);
    this.idleTimer.unref();
  }

  /** A compiler that died takes its requests with it; the next compile starts a new one. */
  private failAll(child: ChildProcess, error: Error): void {
    if (this.child === child) this.child = null;
    for (const [id, pending] of this.pending) {
      if (pending.child !== child) continue;
      this.pending.delete(id);
      pending.reject(error);
    }
  }
}

/**
 * While a compile is in flight the child keeps this process alive (a CLI command may have
 * nothing else to wait on); idle, it never does.
 */
function holdProcessOpen(child: ChildProcess, hold: boolean): void {
  const channel = child.channel as { ref(): void; unref(): void } | null | undefined;
  if (hold) {
    child.ref();
    channel?.ref();
  } else {
    child.unref();
    channel?.unref();
  }
}
