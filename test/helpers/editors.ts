import request from 'supertest';
import { EditorsService } from '../../src/auth/editors.service.js';
import type { EditorRole } from '../../src/auth/entities/editor.entity.js';
import type { TestApp } from './test-app.js';

export const EDITOR_PASSWORD = 'كلمة-سر-طويلة-2026';

/** An account made the way the CLI makes one. */
export async function createEditor(t: TestApp, email: string, role: EditorRole = 'editor') {
  return t.app.get(EditorsService).create({ email, role, password: EDITOR_PASSWORD, name: '' });
}

export interface EditorAgent {
  cookie: string;
  csrf: string;
}

/** Logs in through the login form and reads the session's CSRF token off a page. */
export async function logIn(
  t: TestApp,
  email: string,
  password = EDITOR_PASSWORD,
): Promise<EditorAgent> {
  const response = await request(t.url)
    .post('/admin/login')
    .type('form')
    .send({ email, password })
    .expect(303);
  const cookie = String(response.headers['set-cookie']?.[0] ?? '').split(';')[0];
  if (!cookie.startsWith('nashra_session=')) throw new Error(`no session cookie for ${email}`);
  const page = await request(t.url).get('/admin/account').set('Cookie', cookie).expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!csrf) throw new Error('no CSRF token on /admin/account');
  return { cookie, csrf };
}

/**
 * GET and form POST (with the session's CSRF token) as a logged-in editor. Both are read when a
 * request is made, so a suite can call this before its beforeAll has set them.
 */
export function editorRequests(app: () => TestApp, editor: () => EditorAgent) {
  return {
    get: (path: string) => request(app().url).get(path).set('Cookie', editor().cookie),
    post: (path: string, form: Record<string, string | string[]>) =>
      request(app().url)
        .post(path)
        .set('Cookie', editor().cookie)
        .type('form')
        .send({ _csrf: editor().csrf, ...form }),
  };
}
