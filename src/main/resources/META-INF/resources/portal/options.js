// Delivery options of the create and edit forms (SPEC §10): the headers added to every attempt and
// how Encrata authenticates to the endpoint, and how a webhook's page shows them. Secret parts are
// write-only: the API never returns them, and nothing here puts one into the document.

import { ApiError } from './api.js';
import { field, h, time } from './dom.js';

/** At most this many headers (the service checks it too). */
const MAX_HEADERS = 20;

const AUTH_TYPES = [
  { value: 'none', label: 'None' },
  { value: 'basic', label: 'Basic (username and password)' },
  { value: 'bearer', label: 'Bearer token' },
  { value: 'oauth2', label: 'OAuth2 client credentials' },
  { value: 'mtls', label: 'mTLS client certificate' },
];

/** What a secret field says when the stored credentials of its type are kept if it stays empty. */
export const SECRET_SET = 'set — leave empty to keep';

// ------------------------------------------------------------------------------------- headers

/**
 * Rows of header name and value, added and removed by the person. Each row's error slot takes the
 * service's details for "headers.<its name>"; the fieldset's slot takes those about all headers.
 */
export function headersEditor({ id, headers }) {
  let made = 0;
  const rows = h('ul', { class: 'header-rows', id: `${id}-headers-rows` });
  const none = h('p', { class: 'muted', id: `${id}-headers-none` }, 'No headers of your own.');
  const add = h('button', { type: 'button', class: 'button small', id: `${id}-headers-add` }, 'Add header');
  const error = h('p', { class: 'field-error', id: `${id}-headers-error`, hidden: true, dataset: { errorFor: 'headers' } });
  const el = h('fieldset', { class: 'field', id: `${id}-headers`, 'aria-describedby': `${id}-headers-hint ${error.id}` },
    h('legend', {}, 'Headers (optional)'),
    h('p', { class: 'hint', id: `${id}-headers-hint` },
      `Sent with every request to your endpoint, tests included; at most ${MAX_HEADERS}. They are shown as stored: put credentials under Authentication instead.`),
    none, rows, h('div', { class: 'actions' }, add), error);

  add.addEventListener('click', () => addRow('', '').focus());
  for (const [name, value] of Object.entries(headers ?? {})) addRow(name, value);
  counted();
  return { el, value };

  function addRow(name, value) {
    const rowId = `${id}-header-${made++}`;
    const rowError = h('p', { class: 'field-error', id: `${rowId}-error`, hidden: true, 'data-testid': 'header-error' });
    const nameInput = h('input', {
      type: 'text', id: `${rowId}-name`, class: 'mono', value: name, maxlength: 64, autocomplete: 'off',
      spellcheck: 'false', placeholder: 'X-Env', 'aria-describedby': rowError.id, 'data-testid': 'header-name',
    });
    const valueInput = h('input', {
      type: 'text', id: `${rowId}-value`, class: 'mono', value, maxlength: 1024, autocomplete: 'off',
      spellcheck: 'false', 'aria-describedby': rowError.id, 'data-testid': 'header-value',
    });
    const remove = h('button', {
      type: 'button', class: 'button small subtle', id: `${rowId}-remove`, 'aria-describedby': nameInput.id,
      'data-testid': 'header-remove',
    }, 'Remove');
    const row = h('li', { class: 'header-row', id: rowId, 'data-testid': 'header-row' },
      h('div', { class: 'field' }, h('label', { for: nameInput.id }, 'Header name'), nameInput),
      h('div', { class: 'field' }, h('label', { for: valueInput.id }, 'Value'), valueInput),
      remove, rowError);
    // The service names a header's problem by the name sent ("headers.X-Env"): follow what is typed.
    const named = () => {
      const key = `headers.${nameInput.value.trim()}`;
      rowError.dataset.errorFor = key;
      nameInput.dataset.field = key;
      valueInput.dataset.field = key;
    };
    named();
    nameInput.addEventListener('input', named);
    remove.addEventListener('click', () => {
      const neighbour = row.nextElementSibling ?? row.previousElementSibling;
      row.remove();
      counted();
      (neighbour?.querySelector('input') ?? add).focus();
    });
    rows.append(row);
    counted();
    return nameInput;
  }

  function counted() {
    none.hidden = rows.children.length > 0;
    add.disabled = rows.children.length >= MAX_HEADERS;
  }

  /** The headers as an object; rows left empty are skipped, a name given twice is said at its row. */
  function value() {
    const entries = new Map();
    const problems = [];
    for (const row of rows.children) {
      const [nameInput, valueInput] = row.querySelectorAll('input');
      const name = nameInput.value.trim();
      if (!name && !valueInput.value) continue;
      const lower = name.toLowerCase();
      if (entries.has(lower)) {
        problems.push({ field: `headers.${name}`, message: 'repeats a header name (names are case-insensitive)' });
        continue;
      }
      entries.set(lower, [name, valueInput.value]);
    }
    if (problems.length) throw new ApiError(400, 'Check the highlighted fields.', problems);
    // fromEntries makes own properties, even of a name such as __proto__.
    return Object.fromEntries(entries.values());
  }
}

// ------------------------------------------------------------------------------ authentication

/**
 * The authentication of the endpoint: a type and that type's fields. `stored` is the webhook's auth
 * as the API shows it (edit) — its public parts fill the fields; its secret parts are never known,
 * so their fields stay empty and say "set" while the type is the stored one.
 */
export function authEditor({ id, stored, editing }) {
  const storedType = stored?.type ?? 'none';
  const keeps = (type) => editing && storedType === type;
  const ofStored = (type, key) => (storedType === type ? stored?.[key] ?? '' : '');
  const select = h('select', {}, AUTH_TYPES.map((type) => h('option', { value: type.value }, type.label)));
  select.value = storedType;
  const noneHint = h('p', { class: 'hint', id: `${id}-auth-none-hint` });

  const username = text({ value: ofStored('basic', 'username'), maxlength: 256 });
  const password = secret('basic');
  const token = secret('bearer');
  const tokenUrl = h('input', {
    type: 'url', inputmode: 'url', autocomplete: 'off', spellcheck: 'false', maxlength: 2048,
    placeholder: 'https://auth.example.com/oauth/token', value: ofStored('oauth2', 'token_url'),
  });
  const clientId = text({ value: ofStored('oauth2', 'client_id'), maxlength: 1024 });
  const clientSecret = secret('oauth2');
  const scope = text({ value: ofStored('oauth2', 'scope'), maxlength: 1024 });
  const audience = text({ value: ofStored('oauth2', 'audience'), maxlength: 1024 });
  const certificate = pem({ placeholder: '-----BEGIN CERTIFICATE-----' });
  const privateKey = pem({ placeholder: keeps('mtls') ? SECRET_SET : '-----BEGIN PRIVATE KEY-----', secret: true });

  const panels = [
    panel('none', noneHint),
    panel('basic',
      input('username', 'Username', username, 'Up to 256 characters, without ":".'),
      input('password', 'Password', password, secretHint('basic', 'password'))),
    panel('bearer', input('token', 'Token', token, secretHint('bearer', 'token'))),
    panel('oauth2',
      h('p', { class: 'hint' }, 'Encrata asks your token endpoint for an access token (client credentials grant, the client ID and secret sent as HTTP Basic) and sends it as a bearer token until it expires.'),
      input('token_url', 'Token URL', tokenUrl, 'An https:// address, under the same rules as the endpoint URL.'),
      input('client_id', 'Client ID', clientId),
      input('client_secret', 'Client secret', clientSecret, secretHint('oauth2', 'client secret')),
      input('scope', 'Scope (optional)', scope),
      input('audience', 'Audience (optional)', audience)),
    panel('mtls',
      keeps('mtls') ? storedCertificate(id, stored) : null,
      input('certificate', 'Certificate (PEM)', certificate, keeps('mtls')
        ? 'A certificate is set (above). Leave this and the key empty to keep it; to replace it, paste the new chain, client certificate first, and its key unless the key stays the same.'
        : 'The client certificate chain in PEM, the client certificate first. Refused when it has expired or does not match the key.'),
      input('private_key', 'Private key (PEM)', privateKey, keeps('mtls')
        ? 'Set. Leave it empty to keep the stored key, or paste a new one to replace it. It is never shown again.'
        : 'Unencrypted PEM (PKCS#8 or PKCS#1; RSA or EC). It is stored encrypted and never shown again, not even here.')),
  ];
  const el = h('div', { class: 'stack auth', id: `${id}-auth` },
    field({
      id: `${id}-auth-type`, name: 'auth', label: 'Authentication', control: select,
      hint: 'How Encrata proves itself to your endpoint, on top of the signature.',
    }),
    panels);
  select.addEventListener('change', shown);
  shown();
  return { el, value, clearSecrets };

  function text(props) {
    return h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...props });
  }

  function secret(type) {
    return h('input', {
      type: 'password', autocomplete: 'new-password', spellcheck: 'false', maxlength: 4096,
      placeholder: keeps(type) ? SECRET_SET : null, dataset: { secret: type },
    });
  }

  function pem({ placeholder, secret: isSecret = false }) {
    return h('textarea', {
      rows: 6, class: 'mono pem', autocomplete: 'off', spellcheck: 'false', placeholder,
      dataset: isSecret ? { secret: 'mtls' } : null,
    });
  }

  function secretHint(type, what) {
    return keeps(type)
      ? `Set. Leave it empty to keep the stored ${what}, or type a new one to replace it. It is never shown again.`
      : 'Stored encrypted and never shown again, not even here.';
  }

  function input(part, label, control, hint) {
    return field({ id: `${id}-auth-${part.replace(/_/g, '-')}`, name: `auth.${part}`, label, control, hint });
  }

  function panel(type, ...children) {
    return h('div', { class: 'auth-panel stack', id: `${id}-auth-${type}`, dataset: { type } }, children);
  }

  function shown() {
    for (const each of panels) each.hidden = each.dataset.type !== select.value;
    noneHint.textContent = editing && storedType !== 'none'
      ? 'Saving removes the stored credentials.'
      : 'Requests carry no credentials of yours; they are signed either way.';
  }

  /** What the request carries: undefined leaves the stored credentials as they are. */
  function value() {
    const given = (control) => (control.value.trim() === '' ? undefined : control.value);
    switch (select.value) {
      case 'basic':
        return { type: 'basic', username: given(username), password: given(password) };
      case 'bearer':
        return { type: 'bearer', token: given(token) };
      case 'oauth2':
        return {
          type: 'oauth2', token_url: given(tokenUrl)?.trim(), client_id: given(clientId), client_secret: given(clientSecret),
          scope: given(scope), audience: given(audience),
        };
      case 'mtls':
        // The API never returns the certificate, so an unchanged mTLS setting is left out.
        if (keeps('mtls') && !given(certificate) && !given(privateKey)) return undefined;
        return { type: 'mtls', certificate: given(certificate), private_key: given(privateKey) };
      default:
        return editing && storedType !== 'none' ? { type: 'none' } : undefined;
    }
  }

  /** Forgets the secrets typed, once the service has them. */
  function clearSecrets() {
    for (const control of el.querySelectorAll('[data-secret]')) control.value = '';
  }
}

function storedCertificate(id, stored) {
  return h('p', { class: 'stored-certificate', id: `${id}-auth-certificate-stored`, 'data-testid': 'auth-certificate-stored' },
    'Certificate set: SHA-256 ', h('span', { class: 'mono break', 'data-testid': 'auth-certificate-sha256' }, stored.certificate_sha256),
    ', valid until ', time(stored.not_after), '.');
}

// -------------------------------------------------------------------------- shown on its page

/** The headers, one "Name: value" a line; "None" without any. */
export function headersShown(headers) {
  const entries = Object.entries(headers ?? {});
  if (!entries.length) return 'None';
  return h('ul', { class: 'plain-list compact' },
    entries.map(([name, value]) => h('li', { class: 'mono break' }, `${name}: ${value}`)));
}

/** The credentials' type and public parts in words; secret parts only as "set". */
export function authShown(auth) {
  if (!auth) return 'None';
  const parts = (...items) => h('ul', { class: 'plain-list compact' },
    items.filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([term, value]) => h('li', {}, `${term}: `, h('span', { class: 'mono break' }, value))));
  switch (auth.type) {
    case 'basic':
      return h('div', {}, 'Basic, password set', parts(['Username', auth.username]));
    case 'bearer':
      return 'Bearer token, set';
    case 'oauth2':
      return h('div', {}, 'OAuth2 client credentials, client secret set',
        parts(['Token URL', auth.token_url], ['Client ID', auth.client_id], ['Scope', auth.scope], ['Audience', auth.audience]));
    case 'mtls':
      return h('div', {}, 'mTLS client certificate, private key set',
        parts(['SHA-256', auth.certificate_sha256]),
        h('p', { class: 'compact' }, 'Valid until ', time(auth.not_after)));
    default:
      return String(auth.type);
  }
}

/** The filter as written, or what having none means. */
export function filterShown(filter) {
  return filter
    ? h('code', { class: 'break' }, filter)
    : 'None: every event it subscribes to is delivered';
}
