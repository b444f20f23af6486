// A location's page: its AQI, the newest reading of every field, its sensors, and a chart of
// 24 hours, 7 days, 30 days or a year with the forecast ahead of now.
import * as api from './api.js';
import * as aqi from './aqi.js';
import * as chart from './chart.js';
import { FIELDS, ago, el, fieldName, number, time } from './format.js';

const RANGES = [
  { key: '24h', label: '24 hours', every: '1h', days: 1 },
  { key: '7d', label: '7 days', every: '1h', days: 7 },
  { key: '30d', label: '30 days', every: '1h', days: 30 },
  { key: '1y', label: '1 year', every: '1d', days: 365 },
];

let current = null;

function aqiCard(report, zone) {
  if (!report || report.aqi === null) {
    return el('section', { class: 'card', 'aria-labelledby': 'aqi-title' },
      el('h2', { id: 'aqi-title', text: 'Air Quality Index' }),
      el('p', { class: 'empty', text: 'No AQI for this hour: ' + ((report && report.reason) || 'no recent hourly data') + '.' }));
  }
  const background = aqi.colour(report);
  const value = el('p', { class: 'aqi-value' }, el('span', { class: 'aqi-number', text: String(report.aqi) }),
    ' ', el('span', { text: report.category }));
  value.style.backgroundColor = background;
  value.style.color = aqi.ink(background);
  return el('section', { class: 'card', 'aria-labelledby': 'aqi-title' },
    el('h2', { id: 'aqi-title', text: 'Air Quality Index' }), value,
    el('p', {}, 'Dominant pollutant: ', el('strong', { text: fieldName(report.dominant) })),
    el('p', { class: 'muted', text: report.scale_name + ', hour of ' + time(report.time, zone) }));
}

function latestTable(latest, zone) {
  const rows = [];
  for (const reading of latest.readings) {
    for (const field of FIELDS) {
      if (reading.fields[field] === undefined) continue;
      rows.push(el('tr', {},
        el('th', { scope: 'row', text: fieldName(field) }),
        el('td', { class: 'num', text: number(reading.fields[field], 2) + ' ' + (latest.units[field] || '') }),
        el('td', { text: reading.sensor_id }),
        el('td', {}, el('time', { datetime: reading.time, text: time(reading.time, zone) }), ' (', ago(reading.time), ')')));
    }
  }
  if (rows.length === 0) {
    return el('p', { class: 'empty', text: 'No readings from this location in the last 30 days: its sensors are quiet or new.' });
  }
  // A region that can be focused, so a narrow screen's keyboard user can scroll it too.
  return el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Latest readings table' },
    el('table', { class: 'latest' },
      el('caption', { text: 'Newest reading of each field, by sensor' }),
      el('thead', {}, el('tr', {}, ['Field', 'Value', 'Sensor', 'Measured'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows)));
}

function sensorList(sensors, latest) {
  if (sensors.length === 0) return el('p', { class: 'empty', text: 'No sensors are placed at this location.' });
  const newest = new Map(latest.readings.map((r) => [r.sensor_id, r.time]));
  return el('ul', { class: 'sensors' }, sensors.map((s) => {
    const status = aqi.sensorStatus(s, newest.get(s.id));
    return el('li', {}, el('span', { class: 'status-dot status-' + status.replace(' ', '-'), 'aria-hidden': 'true' }),
      s.id + (s.name ? ' (' + s.name + ')' : '') + ': ' + status);
  }));
}

function fromFor(range, now) {
  const from = new Date(now - range.days * 86400000);
  if (range.every === '1d') return from.toISOString().slice(0, 10);
  from.setUTCMinutes(0, 0, 0);
  return from.toISOString().replace('.000Z', 'Z');
}

async function drawChart(section, location, state, account) {
  const range = RANGES.find((r) => r.key === state.range);
  const from = fromFor(range, Date.now());
  const path = '/api/v1/locations/' + location.id + '/readings';
  const area = section.querySelector('.chart-area');
  const csv = section.querySelector('.csv');
  area.replaceChildren(el('p', { class: 'status', role: 'status', text: 'Loading the chart…' }));
  area.dataset.loaded = 'false';
  if (current) { current.destroy(); current = null; }
  try {
    const [history, forecast] = await Promise.all([
      api.get(path + api.query({ fields: state.field, every: range.every, from })),
      api.get('/api/v1/locations/' + location.id + '/forecast' + api.query({ pollutant: state.field })).catch(() => ({ forecasts: [] })),
    ]);
    const data = chart.columns(history.data, state.field, forecast.forecasts);
    const measured = data[1].filter((v) => v !== null).length;
    const predicted = data[2].filter((v) => v !== null).length;
    const kind = range.every === '1d' ? 'daily' : 'hourly';
    const summary = measured + ' ' + kind + ' means of ' + fieldName(state.field) + ' over the last ' + range.label +
      (predicted ? ', and a forecast of ' + predicted + ' hours ahead with its interval' : ', no forecast') + '.';
    area.replaceChildren();
    if (measured + predicted === 0) {
      area.append(el('p', { class: 'empty', text: 'No ' + kind + ' data of ' + fieldName(state.field) + ' in the last ' + range.label + '.' }));
    } else {
      const plot = el('div', { class: 'plot', role: 'img', 'aria-label': summary });
      area.append(plot, el('p', { class: 'muted', text: summary }));
      current = chart.draw(plot, data, { unit: history.units[state.field], zone: location.timezone, title: fieldName(state.field) + ', ' + range.label, forecast: predicted > 0 });
    }
    area.dataset.points = String(measured);
    area.dataset.loaded = 'true';
    performance.mark('chart-drawn');
  } catch (error) {
    area.replaceChildren(el('p', { class: 'error', role: 'alert', text: api.describe(error) }));
    area.dataset.loaded = 'error';
  }
  const researcher = account.user && (account.user.role === 'researcher' || account.user.role === 'admin');
  csv.replaceChildren(researcher
    ? el('a', { href: path + api.query({ fields: state.field, every: range.every, from, format: 'csv' }), download: '', text: 'Download these ' + range.label + ' as CSV' })
    : el('span', { class: 'muted', text: 'Researchers who sign in can download the data as CSV.' }));
}

function chartSection(location, account) {
  const state = { range: '24h', field: 'pm25' };
  const select = el('select', { id: 'field' }, FIELDS.map((f) => el('option', { value: f, text: fieldName(f) })));
  const buttons = RANGES.map((r) => el('button', { type: 'button', 'data-range': r.key, 'aria-pressed': String(r.key === state.range), text: r.label }));
  const section = el('section', { class: 'card wide', 'aria-labelledby': 'chart-title' },
    el('h2', { id: 'chart-title', text: 'History and forecast' }),
    el('div', { class: 'controls' },
      el('label', { for: 'field', text: 'Measure ' }), select,
      el('div', { class: 'ranges', role: 'group', 'aria-label': 'Time range' }, buttons)),
    el('div', { class: 'chart-area' }), el('p', { class: 'csv' }));
  select.addEventListener('change', () => { state.field = select.value; drawChart(section, location, state, account); });
  for (const button of buttons) {
    button.addEventListener('click', () => {
      state.range = button.dataset.range;
      for (const b of buttons) b.setAttribute('aria-pressed', String(b === button));
      drawChart(section, location, state, account);
    });
  }
  return { section, redraw: () => drawChart(section, location, state, account) };
}

export async function show(main, id, account) {
  main.replaceChildren(el('p', { class: 'status', role: 'status', text: 'Loading the location…' }));
  try {
    const [location, report, latest, sensors] = await Promise.all([
      api.get('/api/v1/locations/' + encodeURIComponent(id)),
      api.get('/api/v1/locations/' + encodeURIComponent(id) + '/aqi').catch(() => null),
      api.get('/api/v1/locations/' + encodeURIComponent(id) + '/latest'),
      api.get('/api/v1/sensors' + api.query({ location_id: id, status: 'active,pending,maintenance,retired', limit: 1000 })),
    ]);
    const where = [location.city, location.country].filter(Boolean).join(', ');
    const history = chartSection(location, account);
    main.replaceChildren(
      el('p', {}, el('a', { href: '#/', text: '← All locations' })),
      el('h1', { text: location.name }),
      el('p', { class: 'muted', text: where + ' · times in ' + location.timezone }),
      el('div', { class: 'cards' }, aqiCard(report, location.timezone),
        el('section', { class: 'card', 'aria-labelledby': 'sensors-title' },
          el('h2', { id: 'sensors-title', text: 'Sensors' }), sensorList(sensors.sensors, latest))),
      el('section', { class: 'card wide', 'aria-labelledby': 'latest-title' },
        el('h2', { id: 'latest-title', text: 'Latest readings' }), latestTable(latest, location.timezone)),
      history.section);
    await history.redraw();
    main.dataset.loaded = 'true';
  } catch (error) {
    main.replaceChildren(el('p', {}, el('a', { href: '#/', text: '← All locations' })),
      el('h1', { text: 'Location' }), el('p', { class: 'error', role: 'alert', text: api.describe(error) }));
    main.dataset.loaded = 'error';
  }
}

export function leave() {
  if (current) { current.destroy(); current = null; }
}
