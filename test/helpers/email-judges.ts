/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/**
 * Judges of an email as its readers and their filters see it: Chromium lays the HTML out
 * (no network, no scripts, like a mail client with remote content blocked) and SpamAssassin
 * scores the raw message with its local rules.
 */

export interface TextDirection {
  /** The first characters of the element's own text. */
  text: string;
  /** The element, e.g. `div` or `a.button`, and the tags of its nearest ancestors. */
  element: string;
  direction: string;
  /** The nearest element (itself or an ancestor) where the direction switched to this one. */
  setBy: string;
}

export interface ContrastFailure {
  text: string;
  element: string;
  /** The text's computed colour, #rrggbb (#rrggbbaa when translucent). */
  color: string;
  /** The colour behind the text after compositing every translucent layer, #rrggbb. */
  background: string;
  /** The element whose background-color (computed) made it opaque, or `canvas`. */
  backgroundFrom: string;
  ratio: number;
  fontSize: string;
}

export interface SpamReport {
  score: number;
  rules: { name: string; score: number }[];
}

/** Every rendered element with text of its own, and the direction it computes. */
export async function textDirections(browser: Browser, html: string): Promise<TextDirection[]> {
  return withPage(
    browser,
    html,
    'light',
    async (page) =>
      (await page.evaluate(judgeInPage, {
        task: 'directions' as const,
        minimum: 0,
      })) as TextDirection[],
  );
}

/**
 * Text whose WCAG 2 contrast ratio against what is behind it is under `minimum`, with the
 * colour scheme emulated. One minimum for every size: large text gets no 3:1 allowance here.
 */
export async function contrastFailures(
  browser: Browser,
  html: string,
  scheme: 'light' | 'dark',
  minimum = 4.5,
): Promise<ContrastFailure[]> {
  return withPage(
    browser,
    html,
    scheme,
    async (page) =>
      (await page.evaluate(judgeInPage, {
        task: 'contrast' as const,
        minimum,
      })) as ContrastFailure[],
  );
}

async function withPage<T>(
  browser: Browser,
  html: string,
  scheme: 'light' | 'dark',
  judge: (page: Page) => Promise<T>,
): Promise<T> {
  // No scripts: mail clients run none. page.evaluate still works, in its own world.
  const context = await browser.newContext({
    javaScriptEnabled: false,
    colorScheme: scheme,
    viewport: { width: 800, height: 600 },
  });
  try {
    const page = await context.newPage();
    // Remote images and fonts stay blocked, as most clients block them until the reader allows.
    await page.route('**/*', (route) => route.abort());
    await page.emulateMedia({ colorScheme: scheme });
    await page.setContent(html, { waitUntil: 'load' });
    return await judge(page);
  } finally {
    await context.close();
  }
}

interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/**
 * Runs inside the page (Playwright sends its source, so it closes over nothing): the text a
 * reader sees, and its direction or its contrast.
 */
function judgeInPage({ task, minimum }: { task: 'directions' | 'contrast'; minimum: number }) {
  const parseColor = (value: string): Rgba => {
    const match = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(value);
    if (match) {
      const [r, g, b] = [match[1], match[2], match[3]].map(Number);
      return { r, g, b, a: match[4] === undefined ? 1 : Number(match[4]) };
    }
    // Anything else (color(), oklch(), …): let a canvas convert it.
    const context = document.createElement('canvas').getContext('2d')!;
    context.fillStyle = value;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
    return { r, g, b, a: a / 255 };
  };

  const over = (top: Rgba, bottom: Rgba): Rgba => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });

  const luminance = ({ r, g, b }: Rgba) => {
    const linear = (channel: number) => {
      const c = channel / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };

  const contrast = (one: Rgba, two: Rgba) => {
    const [light, dark] = [luminance(one), luminance(two)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };

  const hex = ({ r, g, b, a }: Rgba) => {
    const byte = (value: number) => Math.round(value).toString(16).padStart(2, '0');
    return `#${byte(r)}${byte(g)}${byte(b)}${a < 1 ? byte(a * 255) : ''}`;
  };

  const ownText = (element: Element) =>
    [...element.childNodes].filter(
      (node): node is Text => node.nodeType === Node.TEXT_NODE && !!node.nodeValue?.trim(),
    );

  const sample = (element: Element) => {
    const text = ownText(element)
      .map((node) => node.nodeValue)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    return text.length > 50 ? `${text.slice(0, 50)}…` : text;
  };

  /** `td > div.card > a`: the element and two ancestors; `own` adds its dir and inline style. */
  const describe = (element: Element, own = false) => {
    const path: string[] = [];
    for (let node: Element | null = element; node && path.length < 3; node = node.parentElement)
      path.unshift(
        node.tagName.toLowerCase() +
          (node.id ? `#${node.id}` : '') +
          [...node.classList].map((item) => `.${item}`).join(''),
      );
    if (!own) return path.join(' > ');
    const dir = element.getAttribute('dir');
    const style = element.getAttribute('style')?.replace(/\s+/g, ' ');
    return `${path.join(' > ')}${dir ? ` dir="${dir}"` : ''}${style ? ` style="${style.slice(0, 120)}"` : ''}`;
  };

  /** Where this element's direction came from: the nearest element that differs from its parent. */
  const directionSource = (element: Element): Element => {
    let source = element;
    for (
      let up = element.parentElement;
      up && getComputedStyle(up).direction === getComputedStyle(element).direction;
      up = up.parentElement
    )
      source = up;
    return source;
  };

  /** The box an ancestor cuts its content to (overflow other than visible, or clip: rect()). */
  const clipBox = (element: Element): DOMRect | null => {
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    if (style.clip.startsWith('rect(') && /absolute|fixed/.test(style.position)) {
      const [top, right, bottom, left] = style.clip
        .slice(5, -1)
        .split(/[\s,]+/)
        .map((side, index) =>
          side === 'auto' ? [0, box.width, box.height, 0][index] : parseFloat(side),
        );
      return new DOMRect(box.x + left, box.y + top, right - left, bottom - top);
    }
    if (style.overflowX === 'visible' && style.overflowY === 'visible') return null;
    const x = box.x + element.clientLeft;
    const y = box.y + element.clientTop;
    return new DOMRect(
      style.overflowX === 'visible' ? -1e9 : x,
      style.overflowY === 'visible' ? -1e9 : y,
      style.overflowX === 'visible' ? 2e9 : element.clientWidth,
      style.overflowY === 'visible' ? 2e9 : element.clientHeight,
    );
  };

  /** Does any of the text's boxes keep some area after every clipping ancestor cut it? */
  const textShows = (element: Element, texts: Text[]) => {
    const range = document.createRange();
    const clips: DOMRect[] = [];
    for (let node: Element | null = element; node; node = node.parentElement) {
      const clip = clipBox(node);
      if (clip) clips.push(clip);
    }
    return texts.some((text) => {
      range.selectNodeContents(text);
      return [...range.getClientRects()].some((rect) => {
        let [left, top, right, bottom] = [rect.left, rect.top, rect.right, rect.bottom];
        for (const clip of clips) {
          left = Math.max(left, clip.left);
          top = Math.max(top, clip.top);
          right = Math.min(right, clip.right);
          bottom = Math.min(bottom, clip.bottom);
        }
        // Pushed off the top or the left of the page (left: -9999px) is hidden as surely as clipped.
        return right > Math.max(left, 0) && bottom > Math.max(top, 0);
      });
    });
  };

  /**
   * Elements with text of their own that a reader sees: not display:none or visibility:hidden
   * (nor inside such), text not of zero size nor clipped away; with `opacity`, not transparent.
   */
  const textElements = (opacity: boolean) =>
    [document.body, ...document.body.querySelectorAll('*')].filter((element) => {
      const texts = ownText(element);
      return (
        texts.length > 0 &&
        element.checkVisibility({ visibilityProperty: true, opacityProperty: opacity }) &&
        textShows(element, texts)
      );
    });

  /** The page's canvas: the root's background, else the colour scheme's Canvas colour. */
  const canvasColor = (): Rgba => {
    const root = document.documentElement;
    const own = parseColor(getComputedStyle(root).backgroundColor);
    const saved = root.style.backgroundColor;
    root.style.backgroundColor = 'Canvas';
    const system = parseColor(getComputedStyle(root).backgroundColor);
    root.style.backgroundColor = saved;
    return over(own, system);
  };

  /** The colour behind an element's text: its and its ancestors' backgrounds, composited. */
  const background = (element: Element, canvas: Rgba) => {
    const layers: Rgba[] = [];
    let from: Element | null = null;
    for (let node: Element | null = element; node; node = node.parentElement) {
      const color = parseColor(getComputedStyle(node).backgroundColor);
      if (color.a === 0) continue;
      layers.push(color);
      if (color.a >= 1) {
        from = node;
        break;
      }
    }
    const color = layers.reduceRight((below, layer) => over(layer, below), canvas);
    return { color, from };
  };

  /** The opacity the text is painted with, from the element up to (not including) its backdrop. */
  const opacity = (element: Element, backdrop: Element | null) => {
    let product = 1;
    for (let node: Element | null = element; node && node !== backdrop; node = node.parentElement)
      product *= Number(getComputedStyle(node).opacity);
    return product;
  };

  if (task === 'directions') {
    return textElements(false).map((element) => ({
      text: sample(element),
      element: describe(element),
      direction: getComputedStyle(element).direction,
      setBy: describe(directionSource(element), true),
    }));
  }
  const canvas = canvasColor();
  return textElements(true).flatMap((element) => {
    const style = getComputedStyle(element);
    const behind = background(element, canvas);
    const color = parseColor(style.color);
    const seen = over({ ...color, a: color.a * opacity(element, behind.from) }, behind.color);
    const ratio = contrast(seen, behind.color);
    if (ratio >= minimum) return [];
    return [
      {
        text: sample(element),
        element: describe(element),
        color: hex(color),
        background: hex(behind.color),
        backgroundFrom: behind.from ? describe(behind.from) : 'canvas',
        ratio: Math.floor(ratio * 100) / 100,
        fontSize: style.fontSize,
      },
    ];
  });
}

const SPAMASSASSIN = process.env.SPAMASSASSIN_PATH ?? '/usr/bin/spamassassin';

/**
 * Debian's SpamAssassin on the raw message, local tests only (-L: no DNS blocklists, Razor, Pyzor
 * or DCC). Nothing from earlier runs counts: no user_prefs (an empty file; -x creates none), no
 * Bayes (it would learn from every run, into root's home), no auto-welcomelist or reputation.
 * Any warning fails the run: a judge that warns may not have judged.
 */
export async function spamScore(raw: Buffer): Promise<SpamReport> {
  if (!existsSync(SPAMASSASSIN)) {
    throw new Error(`SpamAssassin not found at ${SPAMASSASSIN}: apt-get install spamassassin`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'nashra-spamassassin-'));
  try {
    const prefs = join(dir, 'user_prefs');
    await writeFile(prefs, '');
    const { stdout, stderr, code } = await run(
      SPAMASSASSIN,
      ['-L', '-t', '-x', '-p', prefs, ...QUIET.map((line) => `--cf=${line}`)],
      raw,
    );
    if (code !== 0 || stderr.trim()) {
      throw new Error(`spamassassin -L -t (exit code ${code}) complained:\n${stderr}`);
    }
    return parseReport(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const QUIET = [
  'use_bayes 0',
  'bayes_auto_learn 0',
  'ifplugin Mail::SpamAssassin::Plugin::AWL\nuse_auto_welcomelist 0\nendif',
  'ifplugin Mail::SpamAssassin::Plugin::TxRep\nuse_txrep 0\nendif',
  // Each rule with its exact score: the report's table rounds to 0.1 and wraps its lines.
  'add_header all Judge score=_SCORE_ tests=_TESTSSCORES(,)_',
];

/** Reads the X-Spam-Judge header that QUIET asks for, and checks it against X-Spam-Status. */
export function parseReport(output: string): SpamReport {
  const head = output.slice(0, output.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, '');
  const judge = /^X-Spam-Judge: score=(-?[\d.]+) tests=(\S*)/m.exec(head);
  const status = /^X-Spam-Status: (?:Yes|No), score=(-?[\d.]+)/m.exec(head);
  if (!judge || !status) {
    throw new Error(`no X-Spam-Judge or X-Spam-Status in SpamAssassin's output:\n${head}`);
  }
  const rules = judge[2]
    .split(',')
    .filter((test) => test && test !== 'none')
    .map((test) => {
      const [name, score] = test.split('=');
      return { name, score: Number(score) };
    });
  const score = Math.round(rules.reduce((sum, rule) => sum + rule.score, 0) * 1000) / 1000;
  if (
    rules.some((rule) => Number.isNaN(rule.score)) ||
    Math.abs(score - Number(status[1])) > 0.051
  ) {
    throw new Error(`the rules' scores do not add up to SpamAssassin's:\n${head}`);
  }
  return { score, rules: rules.sort((a, b) => b.score - a.score) };
}

function run(
  command: string,
  args: string[],
  input: Buffer,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, LANG: 'C', LC_ALL: 'C' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code,
      }),
    );
    child.stdin.end(input);
  });
}
