// Nashra's editor pages: progressive enhancements only; every page works without this file.
'use strict';

// Live progress on a campaign page: polls the progress JSON every second while it is moving.
(function followProgress() {
  const box = document.querySelector('[data-progress-url]');
  if (!box) return;
  const url = box.getAttribute('data-progress-url');
  const bar = box.querySelector('progress');
  const fields = box.querySelectorAll('[data-field]');
  const arabic = new Intl.NumberFormat('ar');
  const moving = new Set(['scheduled', 'sending', 'paused']);
  async function tick() {
    try {
      const response = await fetch(url, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!response.ok) return;
      const progress = await response.json();
      // A scheduled campaign has no bar yet: the page reloads into one when sending starts.
      if (bar) {
        bar.max = Math.max(progress.total, 1);
        bar.value = progress.sent + progress.failed + (progress.skipped || 0);
      }
      fields.forEach((field) => {
        const name = field.getAttribute('data-field');
        const value = progress[name];
        field.textContent = typeof value === 'number' ? arabic.format(value) : String(value ?? '');
      });
      if (box.getAttribute('data-status') !== progress.status) {
        window.location.reload();
        return;
      }
      if (!moving.has(progress.status)) return;
    } catch {
      // The next tick tries again; a dropped request is not worth a message.
    }
    setTimeout(tick, 1000);
  }
  setTimeout(tick, 1000);
})();

// Buttons that cannot be undone ask first.
document.querySelectorAll('form[data-confirm]').forEach((form) => {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
  });
});

// A notice («بدأ الإرسال.») belongs to the moment after the form: drop its ?done= from the
// address, so a reload (the progress box reloads when a send finishes) does not show it again.
(function forgetNotice() {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('done')) return;
  url.searchParams.delete('done');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
})();
