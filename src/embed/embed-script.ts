/**
 * The drop-in signup box. A site adds
 *   <div id="nashra-signup"></div><script src="https://NASHRA/embed/subscribe.js" async></script>
 * (or just the script, and the box appears where it stands). It posts JSON to Nashra, which
 * answers cross-origin only to ALLOWED_ORIGINS. Plain ES2017, no dependencies, styles scoped.
 */
export function embedScript(publicUrl: string, cta: string): string {
  return `(function () {
  var BASE = ${JSON.stringify(publicUrl)};
  var CTA = ${JSON.stringify(cta)};
  var script = document.currentScript;
  function ready(fn) { document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', fn) : fn(); }
  ready(function () {
    var host = document.getElementById('nashra-signup');
    if (!host) { host = document.createElement('div'); script.parentNode.insertBefore(host, script); }
    var lists = (host.getAttribute('data-lists') || (script && script.getAttribute('data-lists')) || '').split(',').filter(Boolean);
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    root.innerHTML = '<style>' +
      ':host{all:initial;display:block}' +
      '.box{direction:rtl;text-align:right;font:16px/1.7 Tahoma,"Segoe UI","Noto Naskh Arabic",Arial,sans-serif;border:1px solid #ddd;border-radius:12px;padding:18px;max-width:520px;background:#fff;color:#1d1b20}' +
      'h2{margin:0 0 6px;font-size:19px}p{margin:0 0 10px}form{display:flex;gap:8px;flex-wrap:wrap}' +
      'input{flex:1 1 220px;padding:10px;font:inherit;border:1px solid #aaa;border-radius:8px;direction:ltr;text-align:right}' +
      'button{padding:10px 18px;font:inherit;font-weight:bold;border:0;border-radius:8px;background:#b3261e;color:#fff;cursor:pointer}' +
      '.msg{margin-top:10px}.hp{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);flex:none;padding:0;border:0}' +
      '</style><div class="box" lang="ar" dir="rtl"><h2>اشترك بنشرتنا البريدية</h2><p class="cta"></p>' +
      '<form novalidate><input type="email" name="email" required placeholder="بريدك الإلكتروني" aria-label="بريدك الإلكتروني" autocomplete="email">' +
      '<input class="hp" name="website" tabindex="-1" autocomplete="off" aria-hidden="true">' +
      '<button type="submit">اشترك</button></form><p class="msg" role="status" aria-live="polite"></p></div>';
    root.querySelector('.cta').textContent = CTA;
    var form = root.querySelector('form');
    var msg = root.querySelector('.msg');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var body = { email: form.email.value, website: form.website.value, source: 'embed:' + location.hostname };
      if (lists.length) body.lists = lists;
      form.querySelector('button').disabled = true;
      fetch(BASE + '/api/subscriptions', {
        method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body)
      }).then(function (response) {
        if (response.status === 202) { msg.textContent = 'شكراً! أرسلنا إليك رسالة، افتحها واضغط «تأكيد الاشتراك».'; form.reset(); }
        else if (response.status === 429) msg.textContent = 'محاولات كثيرة، أعد المحاولة بعد قليل.';
        else if (response.status === 422 || response.status === 400) msg.textContent = 'تحقّق من عنوان بريدك الإلكتروني.';
        else msg.textContent = 'تعذّر الاشتراك الآن، أعد المحاولة لاحقاً.';
      }).catch(function () {
        msg.textContent = 'تعذّر الاتصال، أعد المحاولة لاحقاً.';
      }).then(function () { form.querySelector('button').disabled = false; });
    });
  });
})();
`;
}
