// Tenant: the knobs a scenario's tenant: section sets, as toggles; each change is sent at once and
// takes effect with the next command a session decides on.
import {api} from '../api.js';
import {h, replace, size} from '../dom.js';

export function render(main) {
  const body = h('div', {class: 'tenant'});
  const status = h('p', {class: 'result', id: 'tenant-status', role: 'status', 'aria-live': 'polite'});
  const advanced = h('textarea', {id: 'tenant-section', rows: 5, spellcheck: 'false', 'aria-label': 'Tenant section',
    placeholder: '{"limits": {"messagesPerMinute": 5}}'});
  main.append(h('div', {class: 'toolbar'}, h('h1', {}, 'Tenant'),
    h('button', {type: 'button', id: 'tenant-reset', onclick: reset}, 'Back to the baseline')), status, body);

  async function load() {
    try {
      show(await api.get('/api/v1/tenant'));
    } catch (e) {
      replace(body, h('p', {class: 'error'}, e.message));
    }
  }

  async function patch(section, what) {
    try {
      show(await api.patch('/api/v1/tenant', section));
      status.className = 'result ok';
      status.textContent = `${what}: takes effect with the next command.`;
    } catch (e) {
      status.className = 'result error';
      status.textContent = e.message;
      load();
    }
  }

  function toggle(id, label, checked, onchange) {
    return h('label', {class: 'toggle', for: id},
      h('input', {type: 'checkbox', id, checked, onchange: e => onchange(e.target.checked)}), ' ', label);
  }

  function show(t) {
    const blocked = p => t.basicAuth[p] === 'blocked';
    replace(body,
      h('section', {'aria-label': 'Tenant-wide settings'},
        h('h2', {}, 'Tenant-wide'),
        h('p', {class: 'muted'}, `Tenant ${t.tenantId} · ${t.acceptedDomains.join(', ')}`),
        h('div', {class: 'toggles'},
          toggle('t-smtp-auth', 'SMTP AUTH disabled for the tenant (Set-TransportConfig -SmtpClientAuthenticationDisabled)',
            t.smtpClientAuthenticationDisabled, v => patch({smtpClientAuthenticationDisabled: v}, 'SMTP AUTH for the tenant')),
          toggle('t-security-defaults', 'Security defaults (block every basic authentication)', t.securityDefaults,
            v => patch({securityDefaults: v}, 'Security defaults')),
          ['smtp', 'imap', 'pop3'].map(p => toggle(`t-basic-${p}`, `Basic auth blocked for ${p.toUpperCase()} (authentication policy)`,
            blocked(p), v => patch({basicAuth: {[p]: v ? 'blocked' : 'allowed'}}, `Basic auth for ${p.toUpperCase()}`))),
          toggle('t-plain', 'Offer AUTH PLAIN on SMTP (not an Office 365 setting)', t.smtpAuthPlainAllowed,
            v => patch({smtpAuthPlainAllowed: v}, 'AUTH PLAIN')),
          h('label', {for: 't-pop-delete'}, 'POP3 DELE then QUIT ',
            h('select', {id: 't-pop-delete', onchange: e => patch({popDeleteBehaviour: e.target.value}, 'POP3 delete')},
              h('option', {value: 'delete', selected: t.popDeleteBehaviour === 'delete'}, 'deletes'),
              h('option', {value: 'keepCopy', selected: t.popDeleteBehaviour === 'keepCopy'}, 'keeps a copy'))))),
      h('section', {'aria-label': 'Mailboxes'},
        h('h2', {}, 'Mailboxes'),
        h('table', {class: 'rows', id: 'mailbox-settings'},
          h('thead', {}, h('tr', {}, h('th', {}, 'Mailbox'), h('th', {}, 'IMAP'), h('th', {}, 'POP'),
            h('th', {}, 'SMTP AUTH'), h('th', {}, 'MFA'), h('th', {}, 'Sizes (send / receive)'))),
          h('tbody', {}, t.mailboxes.map(m => mailboxRow(m))))),
      h('section', {'aria-label': 'Limits'},
        h('h2', {}, 'Limits'),
        h('dl', {class: 'facts'}, Object.entries(t.limits).map(([k, v]) =>
          [h('dt', {}, k), h('dd', {}, k === 'mailboxQuota' ? size(v) : String(v))]))),
      t.groups.length ? h('section', {'aria-label': 'Groups'}, h('h2', {}, 'Groups'),
        h('ul', {}, t.groups.map(g => h('li', {}, g.address, ': ', g.members.join(', '))))) : null,
      t.apps.length ? h('section', {'aria-label': 'App registrations'}, h('h2', {}, 'App registrations'),
        h('ul', {}, t.apps.map(a => h('li', {}, `${a.displayName} (${a.clientId}): `,
          [...a.delegatedPermissions, ...a.applicationPermissions].join(', '))))) : null,
      h('section', {'aria-label': 'Any knob'},
        h('h2', {}, 'Any knob'),
        h('p', {class: 'muted'}, 'A partial tenant: section, JSON or YAML, with the names scenario files use.'),
        advanced,
        h('button', {type: 'button', id: 'tenant-apply', onclick: () => {
          const text = advanced.value;
          patchText(text, text.trim().startsWith('{') ? 'application/json' : 'application/yaml');
        }}, 'Apply')));
  }

  async function patchText(text, type) {
    try {
      show(await api.patch('/api/v1/tenant', text, type));
      status.className = 'result ok';
      status.textContent = 'Applied: takes effect with the next command.';
    } catch (e) {
      status.className = 'result error';
      status.textContent = (e.problem && e.problem.line ? `Line ${e.problem.line}, column ${e.problem.column}: ` : '') + e.message;
    }
  }

  function mailboxRow(m) {
    const id = m.address.replace(/[^a-z0-9]/gi, '-');
    const mb = change => ({mailboxes: [{address: m.address, ...change}]});
    return h('tr', {'data-mailbox': m.address},
      h('th', {scope: 'row'}, m.address, m.shared ? h('span', {class: 'tag'}, 'shared') : null),
      h('td', {}, h('input', {type: 'checkbox', id: `m-imap-${id}`, 'aria-label': `IMAP enabled for ${m.address}`,
        checked: m.imapEnabled, onchange: e => patch(mb({imapEnabled: e.target.checked}), `IMAP for ${m.address}`)})),
      h('td', {}, h('input', {type: 'checkbox', id: `m-pop-${id}`, 'aria-label': `POP enabled for ${m.address}`,
        checked: m.popEnabled, onchange: e => patch(mb({popEnabled: e.target.checked}), `POP for ${m.address}`)})),
      h('td', {}, h('select', {id: `m-smtp-${id}`, 'aria-label': `SMTP AUTH for ${m.address}`,
        onchange: e => patch(mb({smtpClientAuthentication: e.target.value}), `SMTP AUTH for ${m.address}`)},
        ['tenant', 'enabled', 'disabled'].map(v => h('option', {value: v, selected: m.smtpClientAuthentication === v},
          v === 'tenant' ? 'as the tenant' : v)))),
      h('td', {}, h('input', {type: 'checkbox', id: `m-mfa-${id}`, 'aria-label': `MFA required for ${m.address}`,
        checked: m.mfaRequired, onchange: e => patch(mb({mfaRequired: e.target.checked}), `MFA for ${m.address}`)})),
      h('td', {}, `${size(m.maxSendSize)} / ${size(m.maxReceiveSize)}`));
  }

  async function reset() {
    show(await api.post('/api/v1/tenant/reset'));
    status.className = 'result ok';
    status.textContent = 'Back to the baseline.';
  }

  load();
  return {};
}
