// Entry point of the management page: the session (credential in memory and sessionStorage only),
// the #/ routes, the header, sign-in and sign-out. Screens live in webhooks.js, deliveries.js, keys.js.

import { createApi } from './api.js';
import { h } from './dom.js';
import { createWebhookScreen, webhookListScreen, webhookScreen } from './webhooks.js';
import { deliveryScreen } from './deliveries.js';
import { keysScreen } from './keys.js';

const STORAGE_KEY = 'encrata.portal.credential';
const PORTAL_TOKEN_PREFIX = 'enc_portal_';

const session = {
  credential: null,
  /** True once the API has accepted the credential: a 401 after that means it expired or was revoked. */
  accepted: false,
};

const main = document.getElementById('main');
const notice = document.getElementById('notice');
const nav = document.getElementById('nav');
const keysLink = document.getElementById('nav-keys');
const sessionLabel = document.getElementById('session-label');
let flash = null;

function isPortalSession() {
  return session.credential?.startsWith(PORTAL_TOKEN_PREFIX) ?? false;
}

function remember(credential) {
  session.credential = credential;
  session.accepted = false;
  try {
    sessionStorage.setItem(STORAGE_KEY, credential);
  } catch {
    // Storage refused (private mode): the credential stays in memory for this page only.
  }
}

function forget() {
  session.credential = null;
  session.accepted = false;
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}

/** Shows a message above the screen. kind: info, success, warning, error. */
function notify(kind, text) {
  notice.replaceChildren();
  notice.className = `notice notice-${kind}`;
  notice.hidden = !text;
  notice.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  if (text) notice.append(text);
}

const api = createApi({
  credential: () => session.credential,
  unauthorized: () => {
    if (!session.credential) return;
    const portal = isPortalSession();
    const message = !session.accepted
      ? (portal ? 'This portal link is not valid: it may have expired. Open the portal again from the product that sent you here.'
        : 'That API key was not accepted. Check that you pasted the whole key, and that it has not been revoked.')
      : (portal ? 'Your portal session has ended (it expired or was revoked). Open the portal again from the product that sent you here.'
        : 'Your API key is no longer accepted (it was revoked or deleted). Sign in with another key.');
    forget();
    flash = { kind: 'error', text: message };
    showSignIn();
  },
  waiting: (seconds) => notify('warning', `Too many requests: the service asked to wait. Retrying in ${seconds} s…`),
  resumed: () => {
    if (notice.classList.contains('notice-warning')) notify('info', '');
  },
});

/** What every screen is given. */
const app = {
  api,
  notify,
  isPortalSession,
  /** The last characters of the credential, to recognise it among the listed keys. */
  credentialTail: () => session.credential?.slice(-4) ?? null,
  accepted: () => { session.accepted = true; },
  /** Goes to a route; a message given here is shown on the next screen. */
  go(hash, message) {
    flash = message ?? null;
    if (location.hash === hash) render();
    else location.hash = hash;
  },
  /** An API failure that is not a 401 (that one already went back to sign-in). */
  failed(error) {
    if (!error?.unauthorized) notify('error', error?.message ?? 'Something went wrong.');
  },
};

function header(signedIn) {
  nav.hidden = !signedIn;
  keysLink.hidden = !signedIn || isPortalSession();
  sessionLabel.textContent = !signedIn ? ''
    : isPortalSession() ? 'Portal session' : `Key …${session.credential.slice(-4)}`;
  for (const link of nav.querySelectorAll('a[data-route]')) {
    const current = (location.hash || '#/webhooks').startsWith(link.dataset.route);
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function showFlash() {
  if (flash) notify(flash.kind, flash.text);
  else notify('info', '');
  flash = null;
}

function screenFor(hash) {
  const [path, search] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(search ?? '');
  if (parts.length === 0 || (parts[0] === 'webhooks' && parts.length === 1)) return () => webhookListScreen(app);
  if (parts[0] === 'webhooks' && parts[1] === 'new' && parts.length === 2) return () => createWebhookScreen(app);
  if (parts[0] === 'webhooks' && parts.length === 2) return () => webhookScreen(app, parts[1]);
  if (parts[0] === 'webhooks' && parts[2] === 'deliveries' && parts.length === 4) {
    return () => deliveryScreen(app, parts[1], parts[3], params.get('created'));
  }
  if (parts[0] === 'keys' && parts.length === 1) return () => keysScreen(app);
  return null;
}

function render() {
  if (!session.credential) {
    showSignIn();
    return;
  }
  header(true);
  showFlash();
  const screen = screenFor(location.hash);
  const view = screen ? screen() : h('section', { class: 'card' },
    h('h1', { tabindex: '-1' }, 'Page not found'),
    h('p', {}, 'There is nothing at this address. '), h('a', { href: '#/webhooks' }, 'Go to your webhooks'));
  main.replaceChildren(view);
  view.querySelector('h1')?.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function showSignIn() {
  header(false);
  showFlash();
  document.title = 'Sign in · Encrata Webhooks';
  const input = h('input', {
    id: 'signin-key', type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: 'enc_live_…',
    'aria-describedby': 'signin-key-hint signin-key-error', required: true,
  });
  const error = h('p', { class: 'field-error', id: 'signin-key-error', hidden: true });
  const form = h('form', { id: 'signin-form', class: 'stack', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'signin-key' }, 'API key'),
      h('p', { class: 'hint', id: 'signin-key-hint' },
        'It stays in this browser tab only, and is forgotten when you sign out or close the tab.'),
      input, error),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'signin-submit', class: 'button primary' }, 'Sign in')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      error.textContent = 'Paste an API key to sign in.';
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    remember(key);
    app.go('#/webhooks');
  });
  const view = h('section', { class: 'card signin', id: 'signin' },
    h('h1', { tabindex: '-1' }, 'Sign in'),
    h('p', {}, 'Manage the webhooks of your Encrata workspace: where events are sent, their deliveries, and your API keys.'),
    form,
    h('p', { class: 'hint' }, 'Sent here from another product? Open the portal link it gave you instead.'));
  main.replaceChildren(view);
  input.focus();
}

function signOut() {
  forget();
  flash = { kind: 'info', text: 'You are signed out. The credential was removed from this tab.' };
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  showSignIn();
}

/** A portal link (#token=...): keep the token, then take it out of the address bar and history. */
function takeTokenFromFragment() {
  if (!location.hash.startsWith('#token=')) return;
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  history.replaceState(null, '', `${location.pathname}${location.search}#/webhooks`);
  if (token) remember(token);
}

function start() {
  takeTokenFromFragment();
  if (!session.credential) {
    try {
      const stored = sessionStorage.getItem(STORAGE_KEY);
      if (stored) {
        // Stored at sign-in and removed on a 401: a reload finds a credential the API took.
        session.credential = stored;
        session.accepted = true;
      }
    } catch {
      // No storage: sign in again.
    }
  }
  document.getElementById('signout').addEventListener('click', signOut);
  window.addEventListener('hashchange', () => {
    if (location.hash.startsWith('#token=')) takeTokenFromFragment();
    render();
  });
  render();
}

start();
