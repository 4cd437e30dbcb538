import { LOGIN_FAILURES, loginPage } from './login-view.js';

/** The attribute-carrying start tag of the element with this id. */
const tagOf = (page: string, id: string) =>
  new RegExp(`<input\\s+id="${id}"[^>]*>`).exec(page)?.[0] ?? '';

describe('the login page', () => {
  it('asks for the address first when none was typed, and keeps where to go next', () => {
    const page = loginPage({ next: '/admin/campaigns' }).value;
    expect(page).toContain('<input type="hidden" name="next" value="/admin/campaigns" />');
    expect(tagOf(page, 'email')).toContain('autofocus');
    expect(tagOf(page, 'password')).not.toContain('autofocus');
    expect(page).not.toContain('role="alert"');
  });

  it('shows the refusal and the address typed, escaped, and asks for the password again', () => {
    const page = loginPage({
      next: '/admin',
      error: LOGIN_FAILURES.wrong.message,
      email: '"><script>x</script>@example.com',
    }).value;
    expect(page).toContain(`<p class="error" role="alert">${LOGIN_FAILURES.wrong.message}</p>`);
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;@example.com"');
    expect(page).not.toContain('<script>');
    expect(tagOf(page, 'password')).toContain('autofocus');
    expect(tagOf(page, 'email')).not.toContain('autofocus');
  });

  it('answers each refusal with its own status', () => {
    expect(
      Object.fromEntries(
        Object.entries(LOGIN_FAILURES).map(([code, { status }]) => [code, status]),
      ),
    ).toEqual({ 'cross-site': 403, incomplete: 422, throttled: 429, wrong: 401 });
  });
});
