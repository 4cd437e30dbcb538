import { MjmlProcess } from './mjml-process.js';

const DOCUMENT = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>نشرة الصباح</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

const childOf = (mjml: MjmlProcess) =>
  (mjml as unknown as { child: { pid: number; exitCode: number | null } | null }).child;

describe('MjmlProcess', () => {
  let mjml: MjmlProcess;
  afterEach(() => mjml.close());

  it('turns MJML into HTML in a child that ends when idle, and starts again on demand', async () => {
    mjml = new MjmlProcess(50);
    const html = await mjml.toHtml(DOCUMENT, { validationLevel: 'strict' });
    expect(html).toContain('نشرة الصباح');
    expect(html).toMatch(/^<!doctype html>/i);
    const child = childOf(mjml);
    expect(child?.pid).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(childOf(mjml)).toBeNull();
    expect(child?.exitCode).toBe(0);
    expect(await mjml.toHtml(DOCUMENT, {})).toContain('نشرة الصباح');
    expect(childOf(mjml)?.pid).not.toBe(child?.pid);
  });

  it("rejects with MJML's own message when the template is invalid, and goes on", async () => {
    mjml = new MjmlProcess();
    await expect(
      mjml.toHtml('<mjml><mj-body><mj-text unknown-attribute="1">x</mj-text></mj-body></mjml>', {
        validationLevel: 'strict',
      }),
    ).rejects.toThrow(/unknown-attribute/);
    expect(await mjml.toHtml(DOCUMENT, {})).toContain('نشرة الصباح');
  });

  it('answers many compiles in flight, each with its own document', async () => {
    mjml = new MjmlProcess();
    const titles = Array.from({ length: 8 }, (_, index) => `عنوان ${index}`);
    const pages = await Promise.all(
      titles.map((title) => mjml.toHtml(DOCUMENT.replace('نشرة الصباح', title), {})),
    );
    pages.forEach((html, index) => expect(html).toContain(titles[index]));
  });

  it('fails the compiles of a compiler that died, and the next compile starts another', async () => {
    mjml = new MjmlProcess();
    await mjml.toHtml(DOCUMENT, {});
    const child = childOf(mjml) as unknown as { kill(signal: string): void };
    const inFlight = mjml.toHtml(DOCUMENT, {});
    child.kill('SIGKILL');
    await expect(inFlight).rejects.toThrow(/MJML compiler exited \(SIGKILL\)/);
    expect(await mjml.toHtml(DOCUMENT, {})).toContain('نشرة الصباح');
  });
});
