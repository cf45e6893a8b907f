// The API keys screen: the caller's keys, creating one (its value shown once) and revoking one.
// Portal sessions cannot create keys, so the screen is not offered to them.

import { busy, confirmDialog, field, h, secretBox, showFormError, time } from './dom.js';

function keyRow(app, key, revoke) {
  const mine = app.credentialTail() && key.key_preview?.endsWith(app.credentialTail());
  const button = h('button', { type: 'button', class: 'button danger small', 'data-testid': 'revoke-key', 'aria-label': `Revoke key ${key.name}` }, 'Revoke');
  button.addEventListener('click', () => revoke(key, mine, button));
  return h('li', { class: 'key-row', 'data-testid': 'key-row', dataset: { keyId: key.id } },
    h('div', { class: 'key-what' },
      h('span', { class: 'key-name', 'data-testid': 'key-name' }, key.name),
      h('span', { class: 'mono muted', 'data-testid': 'key-preview' }, key.key_preview),
      mine ? h('span', { class: 'badge badge-neutral' }, 'Signed in with this key') : null),
    h('dl', { class: 'key-meta' },
      h('div', {}, h('dt', {}, 'Created'), h('dd', {}, time(key.created_at))),
      h('div', {}, h('dt', {}, 'Last used'), h('dd', {}, time(key.last_used, 'Never')))),
    button);
}

export function keysScreen(app) {
  document.title = 'API keys · Encrata Webhooks';
  const view = h('section', { class: 'screen', id: 'keys-screen' }, h('h1', { tabindex: '-1' }, 'API keys'));
  if (app.isPortalSession()) {
    view.append(h('div', { class: 'card', id: 'keys-unavailable' },
      h('p', {}, 'API keys cannot be managed from a portal link. Sign in with an API key to create or revoke keys.')));
    return view;
  }
  const name = h('input', { type: 'text', maxlength: 100, autocomplete: 'off', placeholder: 'e.g. Production server' });
  const submit = h('button', { type: 'submit', id: 'key-submit', class: 'button primary' }, 'Create key');
  const form = h('form', { id: 'key-form', class: 'card stack', novalidate: true, 'aria-labelledby': 'key-form-heading' },
    h('h2', { id: 'key-form-heading' }, 'Create a key'),
    field({ id: 'key-name', name: 'name', label: 'Name', control: name, hint: 'Up to 100 characters, so you can recognise the key later.' }),
    h('p', { class: 'form-error', role: 'alert', hidden: true, tabindex: '-1' }),
    h('div', { class: 'actions' }, submit));
  const created = h('div', { id: 'new-key' });
  const list = h('div', { id: 'key-list-holder', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading keys…'));
  view.append(
    h('p', { class: 'lead' }, 'Your keys for this workspace. A new key gets the role of the key you signed in with.'),
    created, form,
    h('section', { class: 'card', id: 'keys', 'aria-labelledby': 'keys-heading' }, h('h2', { id: 'keys-heading' }, 'Active keys'), list));

  async function load() {
    try {
      const answer = await app.api.get('/api/keys');
      app.accepted();
      const keys = answer?.keys ?? [];
      list.replaceChildren(keys.length
        ? h('ul', { class: 'key-list', id: 'key-list' }, keys.map((k) => keyRow(app, k, revoke)))
        : h('p', { class: 'empty-line', id: 'keys-empty' }, 'No active keys.'));
    } catch (error) {
      app.failed(error);
    }
  }

  async function revoke(key, mine, button) {
    if (!await confirmDialog({
      title: `Revoke the key “${key.name}”?`,
      body: mine
        ? 'You are signed in with this key: revoking it signs you out. Anything using it stops working at once.'
        : 'Anything using this key stops working at once. This cannot be undone.',
      confirmLabel: 'Revoke key',
      danger: true,
    })) return;
    await busy(button, 'Revoking…', async () => {
      try {
        await app.api.delete('/api/keys', { id: key.id });
        app.notify('success', `Key “${key.name}” revoked.`);
        await load();
      } catch (error) {
        app.failed(error);
      }
    });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await busy(submit, 'Creating…', async () => {
      try {
        const key = await app.api.post('/api/keys', { name: name.value });
        created.replaceChildren(h('section', { class: 'card secret-panel', id: 'new-key-panel', 'aria-labelledby': 'new-key-heading' },
          h('h2', { id: 'new-key-heading' }, 'Key created: ', h('span', { 'data-testid': 'new-key-name' }, key.name)),
          h('p', { class: 'warning' }, h('strong', {}, 'Copy it now: it will not be shown again. '),
            'Store it in your secrets manager; if you lose it, create a new key and revoke this one.'),
          secretBox({ id: 'new-key-value', label: 'API key', value: key.key })));
        name.value = '';
        form.querySelector('.form-error').hidden = true;
        created.querySelector('#new-key-value').focus();
        await load();
      } catch (error) {
        if (error.unauthorized) return;
        showFormError(form, error);
      }
    });
  });

  load();
  return view;
}
