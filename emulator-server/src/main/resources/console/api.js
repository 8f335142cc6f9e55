// The console's only network access: its own API, same origin.

/** A problem document (RFC 9457) the API answered with. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

const listeners = new Set();

/** Tells fn about every 401 (the console wants its token). */
export function onUnauthorized(fn) {
  listeners.add(fn);
}

async function request(method, path, body, type) {
  const init = {method, credentials: 'same-origin', headers: {Accept: 'application/json'}};
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['Content-Type'] = type || 'application/json';
  }
  const response = await fetch(path, init);
  if (response.status === 401) listeners.forEach(fn => fn());
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch (e) {
      problem = null;
    }
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return null;
  const contentType = response.headers.get('Content-Type') || '';
  return contentType.includes('json') ? response.json() : response.text();
}

export const api = {
  get: path => request('GET', path),
  post: (path, body, type) => request('POST', path, body, type),
  put: (path, body, type) => request('PUT', path, body, type),
  patch: (path, body, type) => request('PATCH', path, body, type),
  del: path => request('DELETE', path),
};
