/// <reference lib="dom" />
import type { Page } from 'playwright-core';

/** How many CSS pixels the page scrolls sideways (0 when it fits the window). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/**
 * Latin-script text an editor would see that is not inside an element with `dir="ltr"`: English
 * left in an Arabic page, or an address, URL, cron expression or id that the bidirectional
 * algorithm is free to turn around. Visible text and placeholders count; scripts, styles and
 * hidden elements do not.
 */
export async function latinOutsideLtr(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const latin = /[A-Za-z]/;
    const found: string[] = [];
    const visible = (element: Element) => {
      const box = element as HTMLElement;
      return box.getClientRects().length > 0 && getComputedStyle(box).visibility !== 'hidden';
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const parent = node.parentElement;
      if (!parent || !latin.test(text)) continue;
      if (parent.closest('script, style, noscript, template, [hidden]')) continue;
      if (!visible(parent) || parent.closest('[dir="ltr"]')) continue;
      found.push(text.trim().slice(0, 120));
    }
    document.querySelectorAll('[placeholder]').forEach((field) => {
      const placeholder = field.getAttribute('placeholder') ?? '';
      if (latin.test(placeholder) && !field.closest('[dir="ltr"]')) found.push(placeholder);
    });
    return found;
  });
}
