// Sessions: the journal, live, and one session's transcript with reply codes and fired rules.
import {api} from '../api.js';
import {h, replace, time, dateTime, debounce} from '../dom.js';
import {subscribe} from '../events.js';

export function render(main, params) {
  const filters = {protocol: '', outcome: '', user: ''};
  let selected = params[0] ? Number(params[0]) : null;

  const list = h('tbody');
  const count = h('span', {class: 'muted'});
  const detail = h('section', {class: 'detail', 'aria-label': 'Session'});
  const field = (label, name, options) => {
    const control = options
      ? h('select', {id: `f-${name}`, onchange: e => { filters[name] = e.target.value; loadList(); }},
          options.map(([value, text]) => h('option', {value}, text)))
      : h('input', {id: `f-${name}`, type: 'search', placeholder: 'any',
          oninput: debounce(e => { filters[name] = e.target.value; loadList(); }, 250)});
    return h('label', {for: `f-${name}`}, label, ' ', control);
  };

  main.append(h('div', {class: 'split'},
    h('section', {class: 'list', 'aria-label': 'Sessions'},
      h('div', {class: 'toolbar'},
        h('h1', {}, 'Sessions'), count,
        h('button', {type: 'button', onclick: clearAll}, 'Clear')),
      h('div', {class: 'filters'},
        field('Protocol', 'protocol', [['', 'any'], ['smtp', 'SMTP'], ['imap', 'IMAP'], ['pop3', 'POP3']]),
        field('Outcome', 'outcome', [['', 'any'], ['open', 'open'], ['ok', 'ok'], ['error', 'error']]),
        field('User', 'user')),
      h('table', {class: 'rows', id: 'session-list'},
        h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'Endpoint'), h('th', {}, 'Started'),
          h('th', {}, 'User'), h('th', {}, 'Outcome'))),
        list)),
    detail));

  async function loadList() {
    const query = new URLSearchParams({limit: '200'});
    for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
    try {
      const page = await api.get(`/api/v1/sessions?${query}`);
      count.textContent = `${page.total} session${page.total === 1 ? '' : 's'}`;
      replace(list, page.items.map(row));
    } catch (e) {
      replace(list, h('tr', {}, h('td', {colspan: 5, class: 'error'}, e.message)));
    }
  }

  function row(s) {
    return h('tr', {class: s.id === selected ? 'selected' : '', 'data-session': s.id},
      h('td', {}, h('a', {href: `#/sessions/${s.id}`}, `#${s.id}`)),
      h('td', {}, s.endpoint, s.tls ? h('span', {class: 'tag'}, s.tls.protocol) : null),
      h('td', {}, time(s.start)),
      h('td', {}, s.user || ''),
      h('td', {}, h('span', {class: `outcome ${s.outcome}`}, s.outcome),
        s.rulesFired.length ? h('span', {class: 'tag rule'}, s.rulesFired.join(', ')) : null));
  }

  async function loadDetail() {
    if (!selected) {
      replace(detail, h('p', {class: 'empty'}, 'Choose a session to see its transcript.'));
      return;
    }
    try {
      showDetail(await api.get(`/api/v1/sessions/${selected}`));
    } catch (e) {
      replace(detail, h('p', {class: 'error'}, e.message));
    }
  }

  function showDetail(s) {
    const facts = [
      ['Endpoint', `${s.endpoint} (${s.protocol.toUpperCase()})`],
      ['Client', s.remoteAddress],
      ['Started', dateTime(s.start)],
      ['Ended', s.end ? dateTime(s.end) : 'still open'],
      ['TLS', s.tls ? `${s.tls.protocol} ${s.tls.cipherSuite}${s.tls.serverName ? ' (SNI ' + s.tls.serverName + ')' : ''}` : 'none'],
      ['User', s.user ? `${s.user} (${s.mechanism})` : 'not signed in'],
      ['Outcome', s.outcome],
    ];
    replace(detail,
      h('h2', {}, `Session #${s.id}`),
      h('dl', {class: 'facts'}, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      s.firedRules.length ? h('div', {class: 'rules-fired'}, h('h3', {}, 'Rules that fired'),
        h('ul', {}, s.firedRules.map(r => h('li', {}, h('strong', {}, r.rule), ' ', r.effect)))) : null,
      s.protocolErrors.length ? h('div', {class: 'protocol-errors'}, h('h3', {}, 'Protocol errors'),
        h('ul', {}, s.protocolErrors.map(e => h('li', {}, e)))) : null,
      s.droppedLines ? h('p', {class: 'muted'}, `${s.droppedLines} older lines were dropped to keep the journal bounded.`) : null,
      h('h3', {}, 'Transcript'),
      h('ol', {class: 'transcript', id: 'transcript'}, s.transcript.map(line)));
  }

  function line(l) {
    const classes = ['line', l.direction === 'C' ? 'client' : l.direction === 'S' ? 'server' : 'event'];
    if (l.refused) classes.push('refused');
    if (l.rule) classes.push('rule-hit');
    if (l.changedBy) classes.push('changed');
    return h('li', {class: classes.join(' '), 'data-rule': l.rule || l.changedBy},
      h('span', {class: 'when'}, time(l.time)),
      h('span', {class: 'dir', title: l.direction === 'C' ? 'client' : l.direction === 'S' ? 'server' : 'event'}, l.direction),
      l.code ? h('span', {class: 'code'}, l.code) : null,
      h('span', {class: 'text'}, l.text),
      l.changedBy ? h('span', {class: 'tag rule'}, `rule ${l.changedBy}`) : null);
  }

  async function clearAll() {
    await api.del('/api/v1/sessions');
    selected = null;
    location.hash = '#/sessions';
    loadList();
    loadDetail();
  }

  const refreshList = debounce(loadList, 200);
  const refreshDetail = debounce(loadDetail, 150);
  const unsubscribe = subscribe((kind, data) => {
    if (kind === 'session-opened' || kind === 'session-closed' || kind === 'rule-fired') refreshList();
    if (selected && data.session === selected && kind !== 'message-delivered') refreshDetail();
  });

  loadList();
  loadDetail();
  return {
    update(next) {
      selected = next[0] ? Number(next[0]) : null;
      for (const tr of list.querySelectorAll('tr')) tr.classList.toggle('selected', Number(tr.dataset.session) === selected);
      loadDetail();
    },
    dispose() {
      unsubscribe();
      refreshList.cancel();
      refreshDetail.cancel();
    },
  };
}
