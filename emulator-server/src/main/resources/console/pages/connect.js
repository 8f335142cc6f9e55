// Connect: the host, ports and TLS mode of each endpoint, and the CA to trust, as a client needs them.
import {api} from '../api.js';
import {h, replace} from '../dom.js';

const TLS = {STARTTLS: 'STARTTLS', STLS: 'STLS (POP3 STARTTLS)', implicit: 'SSL/TLS (implicit)'};
const STATE = {serving: 'serving', 'dropping-connects': 'connects time out (scenario)', refused: 'refused (scenario)'};

export function render(main) {
  const body = h('div', {class: 'connect'});
  main.append(h('h1', {}, 'Connect a client'), body);

  api.get('/api/v1/endpoints').then(v => {
    const smtp = v.endpoints.find(e => e.id === 'submission');
    const imap = v.endpoints.find(e => e.id === 'imaps');
    replace(body,
      h('p', {}, 'Trust the emulator\'s CA, then point the client at these host names and ports. The server certificate also ',
        'covers Office 365\'s own names (smtp.office365.com, outlook.office365.com) for clients that map them to this host.'),
      h('p', {}, h('a', {href: v.caHref, download: 'o365-emulator-ca.pem', class: 'button primary', id: 'ca-download'},
        'Download the CA certificate (PEM)')),
      h('table', {class: 'rows', id: 'endpoints'},
        h('thead', {}, h('tr', {}, h('th', {}, 'Endpoint'), h('th', {}, 'Host'), h('th', {}, 'Port'), h('th', {}, 'Encryption'),
          h('th', {}, 'State'), h('th', {}, 'On Office 365'))),
        h('tbody', {}, v.endpoints.map(e => h('tr', {'data-endpoint': e.id, class: e.state === 'serving' ? '' : 'blocked'},
          h('th', {scope: 'row'}, e.id), h('td', {}, e.host), h('td', {}, String(e.port)), h('td', {}, TLS[e.tls] || e.tls),
          h('td', {}, STATE[e.state] || e.state), h('td', {}, `${e.office365Host}:${e.standardPort}`))))),
      v.identity ? h('p', {}, 'OAuth 2.0 authority (the identity platform, HTTPS): ', h('code', {}, v.identity.authority)) : null,
      h('h2', {}, 'For example'),
      h('pre', {class: 'example'}, [
        smtp ? `curl --cacert o365-emulator-ca.pem --ssl-reqd smtp://${smtp.host}:${smtp.port} \\\n  --user 'adele@contoso.com:Passw0rd!adele' --mail-from adele@contoso.com \\\n  --mail-rcpt alex@contoso.com --upload-file message.eml` : '',
        imap ? `curl --cacert o365-emulator-ca.pem 'imaps://${imap.host}:${imap.port}/INBOX;UID=1' \\\n  --user 'alex@contoso.com:Passw0rd!alex'` : '',
        `curl http://${location.host}/api/v1/mailboxes/alex@contoso.com/folders/INBOX/messages/latest`,
      ].filter(Boolean).join('\n\n')),
      h('p', {class: 'muted'}, `Bound to ${v.bindAddress}, ports ${v.portPlan}.`));
  }).catch(e => replace(body, h('p', {class: 'error'}, e.message)));
  return {};
}
