// The map of locations, each with its current AQI and its sensors' status, and the same as a
// list beside it for people who do not use the map.
import * as api from './api.js';
import * as aqi from './aqi.js';
import { el, fieldName, hour } from './format.js';

const STATUSES = 'active,pending,maintenance,retired';

/** Every location with its AQI report, newest readings and sensors' statuses. */
export async function loadNetwork() {
  const [locations, sensors] = await Promise.all([
    api.get('/api/v1/locations?limit=1000'),
    api.get('/api/v1/sensors?limit=1000&status=' + STATUSES),
  ]);
  const now = Date.now();
  return Promise.all(
    locations.locations.map(async (location) => {
      const [report, latest] = await Promise.all([
        api.get('/api/v1/locations/' + location.id + '/aqi').catch(() => null),
        api.get('/api/v1/locations/' + location.id + '/latest').catch(() => ({ readings: [] })),
      ]);
      const newest = new Map(latest.readings.map((r) => [r.sensor_id, r.time]));
      const own = sensors.sensors.filter((s) => s.location_id === location.id);
      const statuses = own.map((s) => aqi.sensorStatus(s, newest.get(s.id), now));
      return { location, report, statuses };
    }),
  );
}

function badge(report) {
  const background = aqi.colour(report);
  const node = el('span', { class: 'aqi-badge', text: aqi.label(report) });
  node.style.backgroundColor = background;
  node.style.color = aqi.ink(background);
  return node;
}

function listView(network) {
  const rows = network.map(({ location, report, statuses }) =>
    el('tr', { 'data-location': location.id },
      el('th', { scope: 'row' },
        el('a', { href: '#/locations/' + location.id, text: location.name })),
      el('td', {}, badge(report)),
      el('td', {}, report && report.dominant ? fieldName(report.dominant) : '–'),
      el('td', {}, aqi.statusSummary(statuses)),
      el('td', {}, report && report.time ? hour(report.time, location.timezone) : '–')));
  return el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Locations table' }, el('table', { class: 'locations' },
    el('caption', { text: 'Locations and their current air quality' }),
    el('thead', {}, el('tr', {},
      ['Location', 'AQI', 'Dominant', 'Sensors', 'Hour rated'].map((h) =>
        el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows)));
}

function drawMap(container, network) {
  const tiles = document.querySelector('meta[name="aqmrg-tiles"]').content;
  const attribution = document.querySelector('meta[name="aqmrg-attribution"]').content;
  const map = window.L.map(container, { zoomControl: true, attributionControl: true });
  if (tiles) {
    // Leaflet shows the attribution as HTML: give it text only.
    const text = el('span', { text: attribution }).innerHTML;
    window.L.tileLayer(tiles, { attribution: text, maxZoom: 18 }).addTo(map);
  }
  const points = [];
  for (const { location, report, statuses } of network) {
    if (location.latitude === null || location.longitude === null) continue;
    const point = [location.latitude, location.longitude];
    points.push(point);
    const marker = window.L.circleMarker(point, {
      radius: 11, color: '#1b1b1b', weight: 2, fillColor: aqi.colour(report), fillOpacity: 0.9,
    }).addTo(map);
    const popup = el('div', {},
      el('a', { href: '#/locations/' + location.id, text: location.name }),
      el('div', { text: aqi.label(report) }),
      el('div', { text: 'Sensors: ' + aqi.statusSummary(statuses) }));
    marker.bindPopup(popup);
    marker.bindTooltip(location.name + ': ' + aqi.label(report));
  }
  if (points.length > 0) map.fitBounds(points, { padding: [30, 30], maxZoom: 13 });
  else map.setView([0, 0], 2);
  return map;
}

/** Shows the map and the list in {@code main}; marks it data-loaded when both are drawn. */
export async function show(main) {
  main.replaceChildren(el('h1', { text: 'Air quality now' }),
    el('p', { class: 'status', role: 'status', text: 'Loading the locations…' }));
  let network;
  try {
    network = await loadNetwork();
  } catch (error) {
    main.replaceChildren(el('h1', { text: 'Air quality now' }),
      el('p', { class: 'error', role: 'alert', text: api.describe(error) }));
    main.dataset.loaded = 'error';
    return;
  }
  if (network.length === 0) {
    main.replaceChildren(el('h1', { text: 'Air quality now' }),
      el('p', { class: 'empty', text: 'No locations are registered yet. An admin adds them through the API (POST /api/v1/locations).' }));
    main.dataset.loaded = 'true';
    return;
  }
  const container = el('div', { id: 'map', class: 'map', role: 'region', 'aria-label': 'Map of the locations' });
  const list = el('section', { class: 'list', 'aria-labelledby': 'list-title' },
    el('h2', { id: 'list-title', text: 'Locations' }), listView(network));
  main.replaceChildren(el('h1', { text: 'Air quality now' }),
    el('div', { class: 'overview' }, container, list));
  drawMap(container, network);
  main.dataset.loaded = 'true';
}
