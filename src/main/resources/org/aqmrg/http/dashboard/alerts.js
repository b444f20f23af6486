// A signed-in user's alerts: create one on a location's pollutant, change its threshold, enable or
// disable, delete.
import * as api from './api.js';
import { FIELDS, el, fieldName, number, time } from './format.js';

function alertRow(alert, names, reload, message) {
  const toggle = el('button', { type: 'button', text: alert.enabled ? 'Disable' : 'Enable' });
  toggle.addEventListener('click', () => act(() => api.patch('/api/v1/alerts/' + alert.id, { enabled: !alert.enabled }), reload, message));
  const remove = el('button', { type: 'button', text: 'Delete' });
  remove.addEventListener('click', () => act(() => api.del('/api/v1/alerts/' + alert.id), reload, message));
  const what = alert.kind === 'offline'
    ? 'sensor offline for ' + alert.offline_after_s + ' s'
    : fieldName(alert.pollutant) + ' ' + alert.measure + ' above ' + number(alert.threshold, 2);
  return el('tr', { 'data-alert': alert.id },
    el('th', { scope: 'row', text: alert.name || '(no name)' }),
    el('td', { text: names.get(alert.location_id) || alert.location_id }),
    el('td', { text: what }),
    el('td', { text: alert.state + (alert.state_changed_at ? ' since ' + time(alert.state_changed_at) : '') }),
    el('td', { text: alert.enabled ? 'yes' : 'no' }),
    el('td', {}, toggle, ' ', remove, alert.kind === 'offline' ? '' : change(alert, reload, message), history(alert)));
}

/** A small form that changes a threshold alert's threshold. */
function change(alert, reload, message) {
  const id = 'threshold-' + alert.id;
  const input = el('input', { id, type: 'number', step: 'any', min: 0, required: true, value: alert.threshold });
  const form = el('form', { class: 'inline', 'data-change': alert.id },
    el('label', { for: id, text: 'New threshold' }), input,
    el('button', { type: 'submit', text: 'Change' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(() => api.patch('/api/v1/alerts/' + alert.id, { threshold: Number(input.value) }), reload, message);
  });
  return form;
}

/** The latest events and deliveries of an alert, fetched when its details are opened. */
function history(alert) {
  const body = el('div', {}, el('p', { class: 'status', text: 'Loading…' }));
  const details = el('details', {}, el('summary', { text: 'Latest events and deliveries' }), body);
  details.addEventListener('toggle', async () => {
    if (!details.open || details.dataset.loaded) return;
    try {
      const [events, deliveries] = await Promise.all([
        api.get('/api/v1/alerts/' + alert.id + '/events?limit=10'),
        api.get('/api/v1/alerts/' + alert.id + '/deliveries?limit=10'),
      ]);
      const eventItems = events.events.map((e) => el('li', {},
        time(e.occurred_at) + ': ' + e.kind + (e.value !== null ? ' at ' + number(e.value, 2) : '')));
      const deliveryItems = deliveries.deliveries.map((d) => el('li', {},
        time(d.created_at) + ': ' + d.channel + ' to ' + d.target + ', ' + d.status +
        ' after ' + d.attempts + ' attempt(s)' + (d.last_error ? ' (' + d.last_error + ')' : '')));
      body.replaceChildren(
        el('h3', { text: 'Events' }),
        eventItems.length ? el('ul', {}, eventItems) : el('p', { class: 'empty', text: 'No events yet: the alert has not changed state.' }),
        el('h3', { text: 'Deliveries' }),
        deliveryItems.length ? el('ul', {}, deliveryItems) : el('p', { class: 'empty', text: 'No notifications sent yet.' }));
      details.dataset.loaded = 'true';
    } catch (error) {
      body.replaceChildren(el('p', { class: 'error', role: 'alert', text: api.describe(error) }));
    }
  });
  return details;
}

async function act(action, reload, message) {
  message.textContent = '';
  try {
    await action();
    await reload();
  } catch (error) {
    message.textContent = api.describe(error);
  }
}

function createForm(locations, reload, message) {
  const name = el('input', { id: 'alert-name', maxlength: 255 });
  const location = el('select', { id: 'alert-location', required: true },
    locations.map((l) => el('option', { value: l.id, text: l.name })));
  const pollutant = el('select', { id: 'alert-pollutant' },
    FIELDS.map((f) => el('option', { value: f, text: fieldName(f) })));
  const threshold = el('input', { id: 'alert-threshold', type: 'number', step: 'any', min: 0, required: true, value: 35 });
  const form = el('form', { class: 'card', 'aria-labelledby': 'new-alert' },
    el('h2', { id: 'new-alert', text: 'New alert' }),
    el('p', {}, el('label', { for: 'alert-name', text: 'Name' }), name),
    el('p', {}, el('label', { for: 'alert-location', text: 'Location' }), location),
    el('p', {}, el('label', { for: 'alert-pollutant', text: 'Pollutant' }), pollutant),
    el('p', {}, el('label', { for: 'alert-threshold', text: 'Threshold (latest value above)' }), threshold),
    el('p', {}, el('button', { type: 'submit', text: 'Create alert' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(() => api.post('/api/v1/alerts', {
      name: name.value || null, location_id: location.value, pollutant: pollutant.value,
      threshold: Number(threshold.value),
    }), reload, message);
  });
  return form;
}

export async function show(main, account) {
  if (!account.user) {
    main.replaceChildren(el('h1', { text: 'My alerts' }),
      el('p', {}, 'Please ', el('a', { href: '#/login', text: 'sign in' }), ' to see your alerts.'));
    main.dataset.loaded = 'true';
    return;
  }
  const message = el('p', { class: 'error', role: 'alert' });
  const table = el('div', { class: 'alert-list' });
  let names = new Map();
  const reload = async () => {
    const answer = await api.get('/api/v1/alerts?limit=1000');
    const rows = answer.alerts.map((a) => alertRow(a, names, reload, message));
    table.replaceChildren(rows.length === 0
      ? el('p', { class: 'empty', text: 'You have no alerts yet.' })
      : el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Alerts table' },
        el('table', {}, el('caption', { text: 'Your alerts' }),
          el('thead', {}, el('tr', {}, ['Name', 'Location', 'Condition', 'State', 'Enabled', 'Actions'].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', {}, rows))));
  };
  try {
    const locations = (await api.get('/api/v1/locations?limit=1000')).locations;
    names = new Map(locations.map((l) => [l.id, l.name]));
    await reload();
    main.replaceChildren(el('h1', { text: 'My alerts' }), message, table, createForm(locations, reload, message));
    main.dataset.loaded = 'true';
  } catch (error) {
    main.replaceChildren(el('h1', { text: 'My alerts' }), el('p', { class: 'error', role: 'alert', text: api.describe(error) }));
    main.dataset.loaded = 'error';
  }
}
