// The platform's public JSON API, called from the dashboard's own origin. The session is the
// HttpOnly cookie that login sets; writes carry the CSRF token from the aqmrg_csrf cookie.

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

function csrfToken() {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'aqmrg_csrf') return rest.join('=');
  }
  return '';
}

/** True when a session cookie was set by a login and not yet cleared by a logout. */
export function maybeSignedIn() {
  return csrfToken() !== '';
}

async function answer(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const body = type.startsWith('application/json') ? await response.json() : null;
  if (!response.ok) {
    const code = body && body.code ? body.code : 'http_' + response.status;
    const message = body && body.message ? body.message : response.statusText;
    throw new ApiError(response.status, code, message, body && body.details);
  }
  return body;
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken();
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', 'the platform cannot be reached: ' + e.message);
  }
  return answer(response);
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const patch = (path, body) => call('PATCH', path, body);
export const del = (path) => call('DELETE', path);

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

/** Words for a failed call, for an honest error state. */
export function describe(error) {
  if (!(error instanceof ApiError)) return 'Something went wrong: ' + error.message;
  if (error.status === 0) return 'The platform cannot be reached just now. Try again later.';
  if (error.status === 503) return 'A store of the platform is unavailable just now (' + error.message + '). Try again in a moment.';
  if (error.status === 429) return 'Too many requests just now; try again in a minute.';
  if (error.status === 401) return 'Please sign in first.';
  if (error.status === 403) return 'Your account may not do this (' + error.message + ').';
  if (error.status === 404) return 'Not found: ' + error.message;
  return 'The platform refused: ' + error.message + ' (' + error.status + ').';
}
