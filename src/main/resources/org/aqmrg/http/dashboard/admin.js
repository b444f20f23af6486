// The admin's pages: API tokens (the secret shown once, at creation), the audit trail, and the
// registry's sensors and locations (registry.js).
import * as api from './api.js';
import * as registry from './registry.js';
import { el, time } from './format.js';

const SCOPES = ['write:readings', 'write:predictions', 'read:all', 'read:metrics'];
const PAGES = [
  { key: 'tokens', label: 'API tokens' },
  { key: 'sensors', label: 'Sensors' },
  { key: 'locations', label: 'Locations' },
  { key: 'audit', label: 'Audit log' },
];

function tabs(current) {
  return el('nav', { class: 'tabs', 'aria-label': 'Admin pages' }, PAGES.map((p) =>
    el('a', { href: '#/admin/' + p.key, 'aria-current': p.key === current ? 'page' : null, text: p.label })));
}

function tokenForm(reload, message) {
  const name = el('input', { id: 'token-name', required: true, maxlength: 100 });
  const boxes = SCOPES.map((scope) => el('input', { type: 'checkbox', id: 'scope-' + scope.replace(':', '-'), value: scope }));
  const sensors = el('input', { id: 'token-sensors', placeholder: 'LAG-IKJ-001, LAG-YAB-001' });
  const days = el('input', { id: 'token-days', type: 'number', min: 1, max: 3650 });
  const secret = el('div', { class: 'secret', 'aria-live': 'polite' });
  const form = el('form', { class: 'card', 'aria-labelledby': 'new-token' },
    el('h2', { id: 'new-token', text: 'New API token' }),
    el('p', {}, el('label', { for: 'token-name', text: 'Name' }), name),
    el('fieldset', {}, el('legend', { text: 'Scopes' }), SCOPES.map((scope, i) =>
      el('span', { class: 'check' }, boxes[i], el('label', { for: boxes[i].id, text: scope })))),
    el('p', {}, el('label', { for: 'token-sensors', text: 'Only for these sensors (optional, comma-separated)' }), sensors),
    el('p', {}, el('label', { for: 'token-days', text: 'Expires after days (optional)' }), days),
    el('p', {}, el('button', { type: 'submit', text: 'Create token' })), secret);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    secret.replaceChildren();
    const ids = sensors.value.split(',').map((s) => s.trim()).filter(Boolean);
    const body = { name: name.value, scopes: boxes.filter((b) => b.checked).map((b) => b.value) };
    if (ids.length) body.sensor_ids = ids;
    if (days.value) body.expires_at = new Date(Date.now() + Number(days.value) * 86400000).toISOString();
    try {
      const created = await api.post('/api/v1/tokens', body);
      // Shown here once; it is kept nowhere else, and the list shows only its prefix.
      secret.replaceChildren(el('p', { text: 'The token, shown only now: copy it and store it safely.' }),
        el('code', { class: 'token-secret', text: created.token }));
      form.reset();
      await reload();
    } catch (error) {
      message.textContent = api.describe(error);
    }
  });
  return form;
}

async function tokens(section, message) {
  const list = el('div');
  const reload = async () => {
    const answer = await api.get('/api/v1/tokens');
    const rows = answer.tokens.map((t) => {
      const revoke = el('button', { type: 'button', text: 'Revoke', disabled: Boolean(t.revoked_at) });
      revoke.addEventListener('click', async () => {
        message.textContent = '';
        try { await api.del('/api/v1/tokens/' + t.id); await reload(); } catch (error) { message.textContent = api.describe(error); }
      });
      return el('tr', { 'data-token': t.id },
        el('th', { scope: 'row', text: t.name }), el('td', {}, el('code', { text: t.prefix + '…' })),
        el('td', { text: t.scopes.join(', ') }), el('td', { text: (t.sensor_ids || []).join(', ') || 'all' }),
        el('td', { text: time(t.created_at) }), el('td', { text: t.last_used_at ? time(t.last_used_at) : 'never' }),
        el('td', { text: t.revoked_at ? 'revoked ' + time(t.revoked_at) : t.expires_at ? 'expires ' + time(t.expires_at) : 'active' }),
        el('td', {}, revoke));
    });
    list.replaceChildren(rows.length === 0 ? el('p', { class: 'empty', text: 'No API tokens yet.' })
      : el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Tokens table' },
        el('table', {}, el('caption', { text: 'API tokens (their secrets are never shown again)' }),
          el('thead', {}, el('tr', {}, ['Name', 'Prefix', 'Scopes', 'Sensors', 'Created', 'Last used', 'State', ''].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', {}, rows))));
  };
  await reload();
  section.replaceChildren(list, tokenForm(reload, message));
}

async function audit(section, message, offset = 0) {
  const limit = 50;
  const action = el('input', { id: 'audit-action', placeholder: 'e.g. auth.login' });
  const form = el('form', { class: 'controls', role: 'search' },
    el('label', { for: 'audit-action', text: 'Action' }), action, el('button', { type: 'submit', text: 'Filter' }));
  const list = el('div');
  const load = async (from) => {
    message.textContent = '';
    try {
      const answer = await api.get('/api/v1/audit-logs' + api.query({ limit, offset: from, action: action.value }));
      const rows = answer.entries.map((e) => el('tr', {},
        el('td', { text: time(e.occurred_at) }), el('td', { text: e.actor || e.actor_type }),
        el('th', { scope: 'row', text: e.action }), el('td', { text: (e.entity_type || '') + ' ' + (e.entity_id || '') }),
        el('td', {}, el('code', { text: JSON.stringify(e.details || {}) })), el('td', { text: e.client_address || '' })));
      const newer = el('button', { type: 'button', text: 'Newer', disabled: from === 0 });
      const older = el('button', { type: 'button', text: 'Older', disabled: answer.entries.length < limit });
      newer.addEventListener('click', () => load(Math.max(0, from - limit)));
      older.addEventListener('click', () => load(from + limit));
      list.replaceChildren(rows.length === 0 ? el('p', { class: 'empty', text: 'No entries.' })
        : el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Audit table' },
          el('table', { class: 'audit' }, el('caption', { text: 'Audit trail, newest first' }),
            el('thead', {}, el('tr', {}, ['When', 'Who', 'Action', 'What', 'Details', 'Address'].map((h) => el('th', { scope: 'col', text: h })))),
            el('tbody', {}, rows))),
        el('p', {}, newer, ' ', older));
    } catch (error) {
      message.textContent = api.describe(error);
    }
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); load(0); });
  await load(offset);
  section.replaceChildren(form, list);
}

export async function show(main, page, account) {
  const key = PAGES.some((p) => p.key === page) ? page : 'tokens';
  const title = PAGES.find((p) => p.key === key).label;
  if (!account.user || account.user.role !== 'admin') {
    main.replaceChildren(el('h1', { text: 'Admin' }),
      el('p', {}, account.user ? 'These pages are for admins.' : 'Please sign in as an admin.', ' ', el('a', { href: '#/login', text: 'Sign in' })));
    main.dataset.loaded = 'true';
    return;
  }
  const message = el('p', { class: 'error', role: 'alert' });
  const section = el('section', { 'aria-labelledby': 'admin-title' }, el('p', { class: 'status', role: 'status', text: 'Loading…' }));
  main.replaceChildren(el('h1', { id: 'admin-title', text: 'Admin: ' + title }), tabs(key), message, section);
  try {
    if (key === 'tokens') await tokens(section, message);
    else if (key === 'audit') await audit(section, message);
    else await registry.show(section, key, message);
    main.dataset.loaded = 'true';
  } catch (error) {
    section.replaceChildren(el('p', { class: 'error', role: 'alert', text: api.describe(error) }));
    main.dataset.loaded = 'error';
  }
}
