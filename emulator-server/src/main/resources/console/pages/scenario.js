// Scenario: the active rules with their hit counts, a switcher for the built-ins, and an editor
// that validates a YAML or JSON scenario before applying it.
import {api, ApiError} from '../api.js';
import {h, replace, debounce} from '../dom.js';
import {subscribe} from '../events.js';

const TEMPLATE = `name: my-scenario
description: What this scenario emulates.
extends: office365
rules:
  - id: busy-once
    when: {protocol: smtp, stage: mail-from, times: 1}
    then: {preset: server-busy}
`;

export function render(main) {
  const active = h('section', {class: 'active', 'aria-label': 'Active scenario'});
  const select = h('select', {id: 'builtin'});
  const description = h('p', {class: 'muted', id: 'builtin-description'});
  const editor = h('textarea', {id: 'scenario-editor', spellcheck: 'false', rows: 14, 'aria-label': 'Scenario file'});
  editor.value = TEMPLATE;
  const result = h('div', {class: 'result', id: 'editor-result', role: 'status', 'aria-live': 'polite'});
  let builtIns = [];

  main.append(h('div', {class: 'scenario'},
    active,
    h('section', {class: 'switch', 'aria-label': 'Switch scenario'},
      h('h2', {}, 'Switch to a built-in'),
      h('div', {class: 'row'}, h('label', {for: 'builtin'}, 'Scenario '), select,
        h('button', {type: 'button', id: 'activate', onclick: activate}, 'Activate')),
      description,
      h('h2', {}, 'Your own scenario'),
      h('p', {class: 'muted'}, 'YAML or JSON, as a scenario file; it may extend a built-in. It is checked first: on any error the running scenario stays.'),
      editor,
      h('div', {class: 'row'},
        h('button', {type: 'button', id: 'validate', onclick: () => submit(false)}, 'Validate'),
        h('button', {type: 'button', id: 'apply', class: 'primary', onclick: () => submit(true)}, 'Apply')),
      result)));

  select.addEventListener('change', () => {
    const b = builtIns.find(x => x.name === select.value);
    description.textContent = b ? b.description : '';
  });

  async function loadActive() {
    try {
      show(await api.get('/api/v1/scenario'));
    } catch (e) {
      replace(active, h('p', {class: 'error'}, e.message));
    }
  }

  function show(s) {
    replace(active,
      h('div', {class: 'toolbar'}, h('h1', {}, 'Scenario ', h('span', {id: 'scenario-name'}, s.name)),
        h('button', {type: 'button', id: 'reset', onclick: reset}, 'Reset rule state')),
      h('p', {class: 'muted'}, s.chain.join(' ← '), ` · state ${s.serverState} · seed ${s.seed}`),
      s.description ? h('p', {}, s.description) : null,
      h('table', {class: 'rows', id: 'rules'},
        h('thead', {}, h('tr', {}, h('th', {}, 'Rule'), h('th', {}, 'When'), h('th', {}, 'Then'), h('th', {}, 'Hits'))),
        h('tbody', {}, s.rules.length ? s.rules.map(r => h('tr', {'data-rule': r.id, class: r.hits ? 'hit' : ''},
          h('td', {}, r.id), h('td', {}, h('code', {}, compact(r.when))), h('td', {}, h('code', {}, compact(r.then))),
          h('td', {class: 'hits'}, String(r.hits)))) : h('tr', {}, h('td', {colspan: 4, class: 'empty'}, 'No rules.')))));
  }

  function compact(part) {
    return Object.entries(part || {}).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
  }

  async function loadBuiltIns() {
    builtIns = await api.get('/api/v1/scenario/builtins');
    replace(select, builtIns.map(b => h('option', {value: b.name}, b.name)));
    description.textContent = builtIns.length ? builtIns[0].description : '';
  }

  async function activate() {
    try {
      show(await api.post('/api/v1/scenario/activate', {name: select.value}));
      replace(result, h('p', {class: 'ok'}, `Switched to ${select.value}; the next command meets its rules.`));
    } catch (e) {
      replace(result, h('p', {class: 'error'}, e.message));
    }
  }

  async function reset() {
    show(await api.post('/api/v1/scenario/reset'));
  }

  async function submit(apply) {
    const text = editor.value;
    const type = text.trim().startsWith('{') ? 'application/json' : 'application/yaml';
    try {
      if (apply) {
        const s = await api.put('/api/v1/scenario', text, type);
        show(s);
        replace(result, h('p', {class: 'ok'}, `Applied: ${s.name} is active.`));
      } else {
        const v = await api.post('/api/v1/scenario/validate', text, type);
        replace(result, h('p', {class: 'ok'}, `Valid: ${v.name} (${v.chain.join(' ← ')}), ${v.rules} rule${v.rules === 1 ? '' : 's'}.`));
      }
    } catch (e) {
      const p = e instanceof ApiError ? e.problem : {};
      replace(result, h('p', {class: 'error'}, p.line ? `Line ${p.line}, column ${p.column}: ` : '', e.message));
      if (p.line) caret(p.line, p.column);
    }
  }

  /** Puts the editor's caret where the problem is. */
  function caret(line, column) {
    const lines = editor.value.split('\n');
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, (column || 1) - 1);
    editor.focus();
    editor.setSelectionRange(offset, offset);
  }

  const refresh = debounce(loadActive, 200);
  const unsubscribe = subscribe(kind => {
    if (kind === 'rule-fired' || kind === 'scenario-switched') refresh();
  });
  loadActive();
  loadBuiltIns();
  return {dispose: () => { unsubscribe(); refresh.cancel(); }};
}
