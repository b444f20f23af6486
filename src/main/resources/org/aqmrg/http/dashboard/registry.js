// The admin's registry pages: sensors (create, change, retire) and locations (create, change,
// delete), each a table and one form that creates or, after "Edit", changes.
import * as api from './api.js';
import { el } from './format.js';

const SENSOR_STATUSES = ['active', 'pending', 'maintenance', 'retired'];

const KINDS = {
  sensors: {
    path: '/api/v1/sensors',
    list: '/api/v1/sensors?limit=1000&status=' + SENSOR_STATUSES.join(','),
    key: 'sensors',
    noun: 'sensor',
    columns: ['Id', 'Name', 'Manufacturer', 'Location', 'Status'],
    cells: (s, names) => [s.id, s.name, s.manufacturer || '', names.get(s.location_id) || '–', s.status],
    removeLabel: 'Retire',
    fields: [
      { name: 'id', label: 'Id (new sensors only)', required: true, createOnly: true },
      { name: 'name', label: 'Name', required: true },
      { name: 'manufacturer', label: 'Manufacturer' },
      { name: 'location_id', label: 'Location', select: 'locations' },
      { name: 'status', label: 'Status', options: SENSOR_STATUSES },
    ],
  },
  locations: {
    path: '/api/v1/locations',
    list: '/api/v1/locations?limit=1000',
    key: 'locations',
    noun: 'location',
    columns: ['Name', 'City', 'Country', 'Latitude', 'Longitude', 'Time zone'],
    cells: (l) => [l.name, l.city || '', l.country || '', l.latitude ?? '', l.longitude ?? '', l.timezone],
    removeLabel: 'Delete',
    fields: [
      { name: 'name', label: 'Name', required: true },
      { name: 'city', label: 'City' },
      { name: 'country', label: 'Country (two letters)', maxlength: 2 },
      { name: 'latitude', label: 'Latitude', number: true, required: true },
      { name: 'longitude', label: 'Longitude', number: true, required: true },
      { name: 'timezone', label: 'Time zone (IANA, e.g. Africa/Lagos)' },
    ],
  },
};

function input(field, locations) {
  const id = 'reg-' + field.name;
  if (field.select === 'locations') {
    return el('select', { id }, el('option', { value: '', text: '(none)' }),
      locations.map((l) => el('option', { value: l.id, text: l.name })));
  }
  if (field.options) return el('select', { id }, field.options.map((o) => el('option', { value: o, text: o })));
  return el('input', { id, required: field.required, maxlength: field.maxlength, type: field.number ? 'number' : 'text', step: field.number ? 'any' : null });
}

function value(field, control) {
  if (control.value === '') return field.required ? '' : null;
  return field.number ? Number(control.value) : control.value;
}

export async function show(section, key, message) {
  const kind = KINDS[key];
  const locations = (await api.get('/api/v1/locations?limit=1000')).locations;
  const names = new Map(locations.map((l) => [l.id, l.name]));
  const controls = new Map(kind.fields.map((f) => [f.name, input(f, locations)]));
  const heading = el('h2', { id: 'reg-form', text: 'New ' + kind.noun });
  const submit = el('button', { type: 'submit', text: 'Create ' + kind.noun });
  const cancel = el('button', { type: 'button', text: 'Cancel change', hidden: true });
  const form = el('form', { class: 'card', 'aria-labelledby': 'reg-form' }, heading,
    kind.fields.map((f) => el('p', {}, el('label', { for: 'reg-' + f.name, text: f.label }), controls.get(f.name))),
    el('p', {}, submit, ' ', cancel));
  const list = el('div');
  let editing = null;

  const reset = () => {
    editing = null;
    form.reset();
    heading.textContent = 'New ' + kind.noun;
    submit.textContent = 'Create ' + kind.noun;
    cancel.hidden = true;
    for (const f of kind.fields) if (f.createOnly) controls.get(f.name).disabled = false;
  };
  const edit = (row) => {
    editing = row;
    for (const f of kind.fields) {
      controls.get(f.name).value = row[f.name] ?? '';
      if (f.createOnly) controls.get(f.name).disabled = true;
    }
    heading.textContent = 'Change ' + (row.name || row.id);
    submit.textContent = 'Save changes';
    cancel.hidden = false;
    controls.get(kind.fields.find((f) => !f.createOnly).name).focus();
  };
  const run = async (action) => {
    message.textContent = '';
    try { await action(); reset(); await reload(); } catch (error) { message.textContent = api.describe(error); }
  };
  const reload = async () => {
    const rows = (await api.get(kind.list))[kind.key];
    list.replaceChildren(rows.length === 0 ? el('p', { class: 'empty', text: 'None registered yet.' })
      : el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': kind.key + ' table' },
        el('table', {}, el('caption', { text: 'Registered ' + kind.key }),
          el('thead', {}, el('tr', {}, [...kind.columns, ''].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', {}, rows.map((row) => {
            const change = el('button', { type: 'button', text: 'Edit' });
            change.addEventListener('click', () => edit(row));
            const remove = el('button', { type: 'button', text: kind.removeLabel, disabled: row.status === 'retired' });
            remove.addEventListener('click', () => run(() => api.del(kind.path + '/' + encodeURIComponent(row.id))));
            const [first, ...rest] = kind.cells(row, names);
            return el('tr', {}, el('th', { scope: 'row', text: String(first) }),
              rest.map((c) => el('td', { text: String(c) })), el('td', {}, change, ' ', remove));
          })))));
  };
  cancel.addEventListener('click', reset);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {};
    for (const f of kind.fields) {
      if (editing && f.createOnly) continue;
      const v = value(f, controls.get(f.name));
      if (!editing && v === null) continue;
      body[f.name] = v;
    }
    run(() => (editing ? api.patch(kind.path + '/' + encodeURIComponent(editing.id), body) : api.post(kind.path, body)));
  });
  await reload();
  section.replaceChildren(list, form);
}
