// The console's shell: a hash router over five pages, the live indicator and the token notice.
import {connect} from './events.js';
import {onUnauthorized} from './api.js';
import * as sessions from './pages/sessions.js';
import * as mail from './pages/mail.js';
import * as scenario from './pages/scenario.js';
import * as tenant from './pages/tenant.js';
import * as connectPage from './pages/connect.js';

const pages = {sessions, mail, scenario, tenant, connect: connectPage};
const main = document.getElementById('main');
let current = {name: null, dispose: null};

function parse() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const name = pages[parts[0]] ? parts[0] : 'sessions';
  return {name, params: pages[parts[0]] ? parts.slice(1).filter(p => p !== '') : []};
}

function route() {
  const {name, params} = parse();
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.page === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (current.name === name && current.update) {
    current.update(params);
    return;
  }
  if (current.dispose) current.dispose();
  main.replaceChildren();
  const page = pages[name].render(main, params) || {};
  current = {name, dispose: page.dispose, update: page.update};
  document.title = `${name[0].toUpperCase()}${name.slice(1)} · o365-emulator console`;
}

function status(text, live) {
  const el = document.getElementById('live');
  el.textContent = live ? '● live' : text;
  el.classList.toggle('on', live);
}

onUnauthorized(() => {
  const notice = document.getElementById('notice');
  notice.textContent = 'This console listens off loopback and needs its token: open the link the emulator printed '
      + 'at start (…/?token=…), or send Authorization: Bearer <token>.';
  notice.hidden = false;
});

window.addEventListener('hashchange', route);
connect(status);
route();
