// One EventSource for the whole console; pages subscribe to the kinds they show.

const KINDS = ['session-opened', 'line', 'session-closed', 'rule-fired', 'message-delivered', 'scenario-switched'];
const handlers = new Set();
let source = null;

/** Opens the stream; status(text, live) reports whether events flow. */
export function connect(status) {
  if (source) return;
  source = new EventSource('/api/v1/events');
  source.onopen = () => status('live', true);
  source.onerror = () => status(source.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting…', false);
  for (const kind of KINDS) {
    source.addEventListener(kind, message => {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      for (const handler of handlers) handler(kind, data);
    });
  }
}

/** Calls handler(kind, data) for every event until the returned function is called. */
export function subscribe(handler) {
  handlers.add(handler);
  return () => handlers.delete(handler);
}
