// The page is a client of the public JSON API: every call carries the credential as a bearer token
// (never in the URL), and failures become an ApiError with a sentence a person can act on.

import { sleep } from './dom.js';

/** The API lives next to /portal/ (relative, so a path prefix in front of the service works). */
const API_ROOT = new URL('../', document.baseURI);
/** Longest Retry-After the page waits for by itself before its one automatic retry. */
const MAX_AUTOMATIC_WAIT_SECONDS = 120;

export class ApiError extends Error {
  constructor(status, message, details = [], retryAfter = null) {
    super(message);
    this.status = status;
    this.details = details;
    this.retryAfter = retryAfter;
  }

  get unauthorized() {
    return this.status === 401;
  }
}

function retryAfterSeconds(response) {
  const header = response.headers.get('Retry-After');
  if (!header) return 1;
  if (/^\d+$/.test(header.trim())) return Math.max(1, Number(header.trim()));
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1 : Math.max(1, Math.ceil((date - Date.now()) / 1000));
}

async function readBody(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { error: text.slice(0, 200) };
  }
}

function failure(status, body) {
  const said = body && typeof body.error === 'string' ? body.error : null;
  if (status >= 500) {
    return `The service could not complete this (${status}${said ? `: ${said}` : ''}). Nothing you typed was lost; try again in a moment.`;
  }
  if (status === 403) return said ?? 'Your role does not allow this action.';
  if (status === 404) return said ?? 'Not found.';
  return said ?? `The service answered ${status}.`;
}

/**
 * The target of a Link header's rel="next" ("/api/webhooks/deliveries?...&starting_after=..."), resolved
 * like every API path, and only when it stays on the API's origin: the credential goes with it.
 */
function nextPage(link) {
  const match = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(link ?? '');
  if (!match) return null;
  const target = new URL(match[1].replace(/^\//, ''), API_ROOT);
  return target.origin === API_ROOT.origin ? target : null;
}

/**
 * A client bound to the session: credential() gives the bearer token; unauthorized() is called on
 * any 401; waiting(seconds) before the single automatic retry of a 429, resumed() when it got through.
 */
export function createApi({ credential, unauthorized, waiting, resumed }) {
  async function send(method, path, { query, body } = {}) {
    // A URL is a next page as the service named it; a path is resolved against the API root.
    const url = path instanceof URL ? new URL(path) : new URL(path.replace(/^\//, ''), API_ROOT);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, value);
    }
    const headers = { Authorization: `Bearer ${credential()}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, 'The service could not be reached. Check your connection and try again; nothing you typed was lost.');
    }
  }

  /** The answer's body and response; a 429 is waited for and retried once, any other failure thrown. */
  async function exchange(method, path, options = {}) {
    let response = await send(method, path, options);
    if (response.status === 429) {
      const seconds = retryAfterSeconds(response);
      if (seconds <= MAX_AUTOMATIC_WAIT_SECONDS) {
        waiting?.(seconds);
        await sleep(seconds * 1000);
        response = await send(method, path, options);
        if (response.status !== 429) resumed?.();
      }
    }
    const body = await readBody(response);
    if (response.ok) return { body, response };
    if (response.status === 401) {
      unauthorized?.();
      throw new ApiError(401, 'Unauthorized');
    }
    if (response.status === 429) {
      const seconds = retryAfterSeconds(response);
      throw new ApiError(429, `Too many requests. Try again in ${seconds} s.`, [], seconds);
    }
    throw new ApiError(response.status, failure(response.status, body), Array.isArray(body?.details) ? body.details : []);
  }

  async function request(method, path, options = {}) {
    return (await exchange(method, path, options)).body;
  }

  /**
   * One page of a list: its items and the service's next page (the target of Link: rel="next", to
   * give back to page() as it is), null on the last page.
   */
  async function page(path, query) {
    const { body, response } = await exchange('GET', path, { query });
    return { items: Array.isArray(body) ? body : [], next: nextPage(response.headers.get('Link')) };
  }

  return {
    get: (path, query) => request('GET', path, { query }),
    page,
    post: (path, body) => request('POST', path, { body }),
    put: (path, body) => request('PUT', path, { body }),
    delete: (path, query) => request('DELETE', path, { query }),
  };
}
