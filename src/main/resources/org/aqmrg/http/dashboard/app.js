// The dashboard's router: #/ the map and list, #/locations/{id} a location, #/login, #/alerts,
// #/admin/{tokens|sensors|locations|audit}.
import * as accountPage from './account.js';
import * as admin from './admin.js';
import * as alerts from './alerts.js';
import * as api from './api.js';
import * as location from './location.js';
import * as map from './map.js';
import { el } from './format.js';

const main = document.getElementById('main');
const nav = document.getElementById('account');
let shown = null;

function go(hash) {
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}

async function route() {
  const hash = window.location.hash || '#/';
  // In-page links such as "Skip to content" are not pages.
  if (!hash.startsWith('#/')) return;
  accountPage.renderNav(nav, go);
  location.leave();
  main.dataset.loaded = 'false';
  shown = hash;
  const parts = hash.slice(2).split('/');
  if (parts[0] === '' ) await map.show(main);
  else if (parts[0] === 'locations' && parts[1]) await location.show(main, decodeURIComponent(parts[1]), accountPage.account);
  else if (parts[0] === 'login') accountPage.showLogin(main, go);
  else if (parts[0] === 'alerts') await alerts.show(main, accountPage.account);
  else if (parts[0] === 'admin') await admin.show(main, parts[1], accountPage.account);
  else {
    main.replaceChildren(el('h1', { text: 'Not found' }),
      el('p', {}, 'There is no such page. ', el('a', { href: '#/', text: 'See all locations' })));
    main.dataset.loaded = 'true';
  }
  if (shown === hash) document.title = (main.querySelector('h1')?.textContent || 'Dashboard') + ' · AQMRG air quality';
}

document.getElementById('skip').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', route);

accountPage.refresh()
  .catch((error) => {
    nav.replaceChildren(el('span', { class: 'error', text: api.describe(error) }));
  })
  .finally(route);
