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
      bar.max = Math.max(progress.total, 1);
      bar.value = progress.sent + progress.failed + (progress.skipped || 0);
      fields.forEach((field) => {
        const name = field.getAttribute('data-field');
        const value = progress[name];
        field.textContent = typeof value === 'number' ? arabic.format(value) : String(value ?? '');
      });
      if (!moving.has(progress.status)) {
        if (box.getAttribute('data-status') !== progress.status) window.location.reload();
        return;
      }
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
