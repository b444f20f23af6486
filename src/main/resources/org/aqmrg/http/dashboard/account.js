// Signing in and out with the platform's sessions (the HttpOnly cookie that login sets), and who
// is signed in. The session token in the login answer is never kept or shown.
import * as api from './api.js';
import { el } from './format.js';

export const account = { user: null };

/** Asks who is signed in, only when a login cookie suggests someone is (no 401 otherwise). */
export async function refresh() {
  account.user = null;
  if (!api.maybeSignedIn()) return account;
  try {
    const me = await api.get('/api/v1/auth/me');
    if (me.kind === 'session') account.user = { email: me.email, role: me.role };
  } catch (error) {
    if (error.status !== 401) throw error;
  }
  return account;
}

/** The navigation: sign in, or who is signed in with their pages and sign out. */
export function renderNav(nav, onChange) {
  if (!account.user) {
    nav.replaceChildren(el('a', { href: '#/login', text: 'Sign in' }));
    return;
  }
  const out = el('button', { type: 'button', class: 'link', text: 'Sign out' });
  out.addEventListener('click', async () => {
    try {
      await api.post('/api/v1/auth/logout');
    } catch (error) {
      if (error.status !== 401) { window.alert(api.describe(error)); return; }
    }
    account.user = null;
    onChange('#/');
  });
  nav.replaceChildren(
    el('span', { class: 'who', text: account.user.email + ' (' + account.user.role + ')' }),
    el('a', { href: '#/alerts', text: 'My alerts' }),
    account.user.role === 'admin' ? el('a', { href: '#/admin/tokens', text: 'Admin' }) : null, out);
}

export function showLogin(main, onChange) {
  const message = el('p', { class: 'error', role: 'alert' });
  const email = el('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = el('form', { class: 'card narrow', 'aria-labelledby': 'login-title' },
    el('h1', { id: 'login-title', text: 'Sign in' }),
    el('p', {}, el('label', { for: 'email', text: 'E-mail' }), email),
    el('p', {}, el('label', { for: 'password', text: 'Password' }), password),
    message,
    el('p', {}, el('button', { type: 'submit', text: 'Sign in' })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    try {
      const answer = await api.post('/api/v1/auth/login', { email: email.value, password: password.value });
      account.user = { email: answer.user.email, role: answer.user.role };
      password.value = '';
      onChange('#/');
    } catch (error) {
      message.textContent = error.status === 401 ? 'Wrong e-mail or password.' : api.describe(error);
      password.focus();
    }
  });
  main.replaceChildren(form);
  main.dataset.loaded = 'true';
  email.focus();
}
