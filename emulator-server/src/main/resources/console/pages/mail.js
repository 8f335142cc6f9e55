// Mail: mailboxes and folders, a folder's messages, one message with its headers, bodies,
// attachments and raw source; the HTML body is shown in a sandboxed frame that runs and loads nothing.
import {api} from '../api.js';
import {h, replace, dateTime, size, addresses, debounce, seg} from '../dom.js';
import {subscribe} from '../events.js';

const RAW_SHOWN = 256 * 1024;

export function render(main, params) {
  let state = {address: null, folder: null, uid: null, tab: 'html'};
  let search = '';
  const boxes = h('nav', {class: 'mailboxes', 'aria-label': 'Mailboxes'});
  const listHead = h('div', {class: 'toolbar'});
  const list = h('ul', {class: 'messages', id: 'message-list'});
  const message = h('section', {class: 'message', id: 'message', 'aria-label': 'Message'});
  main.append(h('div', {class: 'mail'},
    h('section', {class: 'boxes', 'aria-label': 'Mailboxes and folders'},
      h('div', {class: 'toolbar'}, h('h1', {}, 'Mail'),
        h('button', {type: 'button', onclick: deleteEverything}, 'Delete all')),
      boxes),
    h('section', {class: 'list', 'aria-label': 'Messages'}, listHead,
      h('label', {class: 'search'}, 'Search ', h('input', {type: 'search', id: 'mail-search', placeholder: 'subject, from, text',
        oninput: debounce(e => { search = e.target.value; loadList(); }, 250)})),
      list),
    message));

  function path() {
    return `/api/v1/mailboxes/${seg(state.address)}/folders/${seg(state.folder)}`;
  }

  async function loadBoxes() {
    try {
      const all = await api.get('/api/v1/mailboxes');
      replace(boxes, h('ul', {}, all.map(box => h('li', {},
        h('span', {class: 'address'}, box.address, ' ', h('span', {class: 'muted'}, `${box.messages}`)),
        h('ul', {}, folders(box, box.address === state.address).map(f => h('li', {},
          h('a', {href: `#/mail/${seg(box.address)}/${seg(f.name)}`,
            'aria-current': box.address === state.address && f.name === state.folder ? 'true' : null},
            f.name, ' ', h('span', {class: 'count'}, f.unseen ? `${f.unseen}/${f.messages}` : `${f.messages}`)))))))));
    } catch (e) {
      replace(boxes, h('p', {class: 'error'}, e.message));
    }
  }

  /** Every folder of the chosen mailbox; of the others, the Inbox and the folders that hold mail. */
  function folders(box, chosen) {
    const all = box.folders.length ? box.folders : [{name: 'INBOX', messages: 0, unseen: 0}];
    return chosen ? all : all.filter(f => f.name.toUpperCase() === 'INBOX' || f.messages > 0);
  }

  async function loadList() {
    if (!state.address) {
      replace(listHead, h('h2', {}, 'Messages'));
      replace(list, h('li', {class: 'empty'}, 'Choose a folder.'));
      return;
    }
    replace(listHead, h('h2', {}, `${state.folder} · ${state.address}`),
      h('button', {type: 'button', onclick: deleteFolder}, 'Empty folder'));
    const query = new URLSearchParams({limit: '200'});
    if (search) query.set('text', search);
    try {
      const page = await api.get(`${path()}/messages?${query}`);
      replace(list, page.items.length ? page.items.map(item) : h('li', {class: 'empty'}, 'No messages.'));
    } catch (e) {
      replace(list, h('li', {class: 'error'}, e.message));
    }
  }

  function item(m) {
    return h('li', {class: [m.seen ? '' : 'unseen', m.uid === state.uid ? 'selected' : ''].join(' ')},
      h('a', {href: `#/mail/${seg(m.mailbox)}/${seg(m.folder)}/${m.uid}`},
        h('span', {class: 'subject'}, m.subject || '(no subject)'),
        h('span', {class: 'from'}, addresses(m.from)),
        h('span', {class: 'meta'}, dateTime(m.received), ' · ', size(m.size),
          m.attachments ? ` · ${m.attachments} attachment${m.attachments === 1 ? '' : 's'}` : '')));
  }

  async function loadMessage() {
    if (!state.uid) {
      replace(message, h('p', {class: 'empty'}, 'Choose a message.'));
      return;
    }
    try {
      show(await api.get(`${path()}/messages/${state.uid}`));
    } catch (e) {
      replace(message, h('p', {class: 'error'}, e.message));
    }
  }

  function show(m) {
    const body = h('div', {class: 'body'});
    const tabs = [['html', 'HTML', !!m.htmlHref], ['text', 'Text', m.text != null], ['headers', 'Headers', true],
      ['raw', 'Raw source', true]].filter(t => t[2]);
    if (!tabs.find(t => t[0] === state.tab)) state.tab = tabs[0][0];
    const tabBar = h('div', {class: 'tabs', role: 'tablist'}, tabs.map(([id, label]) =>
      h('button', {type: 'button', role: 'tab', id: `tab-${id}`, 'aria-selected': String(id === state.tab),
        onclick: () => { state.tab = id; show(m); }}, label)));
    replace(message,
      h('h2', {id: 'message-subject'}, m.subject || '(no subject)'),
      h('dl', {class: 'facts'},
        h('dt', {}, 'From'), h('dd', {}, addresses(m.from)),
        h('dt', {}, 'To'), h('dd', {}, addresses(m.to)),
        m.cc.length ? [h('dt', {}, 'Cc'), h('dd', {}, addresses(m.cc))] : null,
        h('dt', {}, 'Date'), h('dd', {}, m.date || dateTime(m.received)),
        h('dt', {}, 'Received'), h('dd', {}, dateTime(m.received), ' · ', size(m.size)),
        m.submittedBy ? [h('dt', {}, 'Submitted by'), h('dd', {}, h('a', {href: `#/sessions/${m.submittedBy}`}, `session #${m.submittedBy}`))] : null,
        m.messageId ? [h('dt', {}, 'Message-ID'), h('dd', {}, m.messageId)] : null),
      m.attachments.length ? h('ul', {class: 'attachments', 'aria-label': 'Attachments'}, m.attachments.map(a =>
        h('li', {}, h('a', {href: a.href, download: a.name || `attachment-${a.index}`}, a.name || `attachment ${a.index}`),
          ' ', h('span', {class: 'muted'}, `${a.contentType}, ${size(a.size)}`)))) : null,
      h('div', {class: 'actions'},
        h('a', {href: m.rawHref, download: `message-${m.uid}.eml`, class: 'button'}, 'Download .eml'),
        h('button', {type: 'button', onclick: () => deleteMessage(m)}, 'Delete')),
      tabBar, body);
    if (state.tab === 'html') {
      // No allow-scripts, no allow-same-origin; the document's own CSP blocks remote loads as well.
      body.append(h('iframe', {sandbox: '', src: m.htmlHref, title: 'HTML body', id: 'html-body', referrerpolicy: 'no-referrer'}));
    } else if (state.tab === 'text') {
      body.append(h('pre', {class: 'text-body'}, m.text));
    } else if (state.tab === 'headers') {
      body.append(h('table', {class: 'headers'}, h('tbody', {}, m.headers.map(x =>
        h('tr', {}, h('th', {scope: 'row'}, x.name), h('td', {}, x.value))))));
    } else {
      const pre = h('pre', {class: 'raw'}, 'loading…');
      body.append(pre);
      fetch(m.rawHref, {credentials: 'same-origin'}).then(r => r.text()).then(text => {
        pre.textContent = text.length > RAW_SHOWN ? text.slice(0, RAW_SHOWN) + `\n… (${size(text.length)}: download it for the rest)` : text;
      });
    }
  }

  async function deleteMessage(m) {
    await api.del(`${path()}/messages/${m.uid}`);
    location.hash = `#/mail/${seg(state.address)}/${seg(state.folder)}`;
    refresh();
  }

  async function deleteFolder() {
    await api.del(`${path()}/messages`);
    location.hash = `#/mail/${seg(state.address)}/${seg(state.folder)}`;
    refresh();
  }

  async function deleteEverything() {
    await api.del('/api/v1/mail');
    location.hash = '#/mail';
    refresh();
  }

  function refresh() {
    loadBoxes();
    loadList();
  }

  function apply(next) {
    const [address, folder, uid] = next;
    const changedFolder = address !== state.address || (folder || 'INBOX') !== state.folder;
    state.address = address || null;
    state.folder = address ? (folder || 'INBOX') : null;
    state.uid = uid ? Number(uid) : null;
    loadBoxes();
    if (changedFolder) loadList();
    else for (const li of list.querySelectorAll('li')) {
      const a = li.querySelector('a');
      li.classList.toggle('selected', !!a && a.getAttribute('href').endsWith(`/${state.uid}`));
    }
    loadMessage();
  }

  const refreshLater = debounce(refresh, 200);
  const unsubscribe = subscribe((kind, data) => {
    if (kind === 'message-delivered') refreshLater();
  });
  apply(params);
  return {update: apply, dispose: () => { unsubscribe(); refreshLater.cancel(); }};
}
