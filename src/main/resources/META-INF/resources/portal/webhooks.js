// Screens for webhooks: the list, "Add a webhook" (with the secret shown once), and one webhook's
// page (overview, edit, pause/resume, test, rotate, delete; its deliveries come from deliveries.js,
// the delivery options' fields from options.js and filter.js).

import { ApiError } from './api.js';
import {
  badge, busy, checkboxGroup, clearErrors, confirmDialog, field, h, radioGroup, secretBox, showFormError, time,
} from './dom.js';
import { hourlyChart } from './chart.js';
import { deliveryLog, recoverSection } from './deliveries.js';
import { filterEditor } from './filter.js';
import {
  authEditor, authShown, filterShown, headersEditor, headersShown,
} from './options.js';
import { NODE, PYTHON } from './snippets.js';

/** Used when the service has no /api/event-types (older deployments). */
const FALLBACK_EVENT_TYPES = [
  { name: 'lookup.completed', description: 'A lookup finished and its result is ready.' },
  { name: 'apikey.created', description: 'An API key was created in the workspace.' },
  { name: 'apikey.revoked', description: 'An API key was revoked or deleted.' },
  { name: 'credits.low', description: 'The workspace is running low on credits.' },
  { name: 'credits.exhausted', description: 'The workspace has run out of credits.' },
];

/** The values of `ordering`, in words; the fifo one says what it costs (SPEC §10). */
const ORDERINGS = [
  {
    value: 'unordered', label: 'Unordered', word: 'Unordered',
    description: 'Deliveries are attempted as soon as they are due, several at a time, in no particular order.',
  },
  {
    value: 'fifo', label: 'FIFO (first in, first out)', word: 'FIFO: one at a time, in the order events were accepted',
    description: 'One delivery at a time, in the order the events were accepted. Head-of-line blocking: a failing delivery holds all later ones back through its whole retry schedule.',
  },
];

let eventTypes = null;

async function loadEventTypes(api) {
  if (eventTypes) return eventTypes;
  try {
    const list = await api.get('/api/event-types');
    if (Array.isArray(list) && list.length) {
      eventTypes = list.map((type) => ({ name: type.name, description: type.description, example: type.example ?? undefined }));
      return eventTypes;
    }
  } catch (error) {
    if (error.unauthorized) throw error;
  }
  return FALLBACK_EVENT_TYPES;
}

/** The 24 h stats (of one webhook with an id); null when the service cannot give them. */
export async function loadStats(api, id) {
  try {
    return await api.get('/api/webhooks/stats', id ? { id } : undefined);
  } catch (error) {
    if (error.unauthorized) throw error;
    return null;
  }
}

/** The state in words, with the reason when the service stopped sending by itself. */
export function webhookState(webhook, stats) {
  if (webhook.is_active) return { word: 'Active', tone: 'success', why: null };
  const reason = stats?.deactivated?.reason;
  if (reason === 'gone') {
    return { word: 'Deactivated', tone: 'danger', why: 'The endpoint answered 410 Gone, so Encrata stopped sending. Resume it when the endpoint is back.' };
  }
  if (reason === 'failing') {
    return { word: 'Deactivated', tone: 'danger', why: 'Every attempt failed for 5 days, so Encrata stopped sending. Fix the endpoint, then resume it.' };
  }
  return { word: 'Paused', tone: 'warning', why: 'No events are sent to it until it is resumed.' };
}

/**
 * What the banner of a webhook's page says, or null when all is well: why it is deactivated and
 * since when, or that it is failing. The API has no failing state (SPEC §11): an active webhook is
 * failing when its latest attempt in the window failed (a failure newer than the last success, or
 * no success at all).
 */
export function webhookCondition(webhook, stats) {
  if (!webhook.is_active) {
    const reason = stats?.deactivated?.reason ?? 'paused';
    const since = stats?.deactivated?.at ?? null;
    if (reason === 'gone') {
      return {
        kind: 'gone', title: 'Disabled: the endpoint answered 410 Gone', since,
        advice: 'A 410 answer means the endpoint is gone for good, so Encrata stopped sending. Resume it once the endpoint is back.',
      };
    }
    if (reason === 'failing') {
      return {
        kind: 'failing', title: 'Disabled after failing for 5 days', since,
        advice: 'Every attempt failed for 5 days, so Encrata stopped sending. Fix the endpoint, resume the webhook, then recover its failed deliveries.',
      };
    }
    return {
      kind: 'paused', title: 'Paused', since,
      advice: 'No events are sent to it until it is resumed. Events that happen meanwhile are not delivered later.',
    };
  }
  if (failing(stats)) {
    return {
      kind: 'failing-now', title: 'Failing: the latest attempts failed', since: null,
      lastSuccess: stats.last_success_at ?? null, lastFailure: stats.last_failure_at,
      advice: 'Encrata keeps retrying each delivery on its schedule. Check the endpoint, and the response of the failed deliveries below.',
    };
  }
  return null;
}

/** Active, with failures in the window, and the latest attempt among them (SPEC §11 leaves this to the page). */
function failing(stats) {
  if (!stats || !(stats.failed > 0) || !stats.last_failure_at) return false;
  return !stats.last_success_at || Date.parse(stats.last_failure_at) > Date.parse(stats.last_success_at);
}

function banner(condition) {
  if (!condition) return null;
  const tone = condition.kind === 'paused' ? 'warning' : 'danger';
  const when = [];
  if (condition.since) when.push(h('p', { 'data-testid': 'banner-since' }, 'Since ', time(condition.since), '.'));
  if (condition.kind === 'failing-now') {
    when.push(h('p', { 'data-testid': 'banner-since' }, condition.lastSuccess
      ? ['Last success: ', time(condition.lastSuccess), '. Last failure: ', time(condition.lastFailure), '.']
      : ['No success in the last 24 hours. Last failure: ', time(condition.lastFailure), '.']));
  }
  return h('div', {
    class: `banner banner-${tone}`, id: 'webhook-banner', role: 'status', 'data-testid': 'webhook-banner',
    dataset: { condition: condition.kind },
  },
  h('p', { class: 'banner-title', 'data-testid': 'banner-title' }, condition.title),
  when,
  h('p', { class: 'banner-advice' }, condition.advice));
}

function successRate(stats) {
  if (!stats) return 'Not available';
  if (stats.success_rate === null || stats.success_rate === undefined) return 'No attempts in 24 h';
  const percent = Math.round(stats.success_rate * 1000) / 10;
  return `${percent} % (${stats.succeeded} of ${stats.attempts})`;
}

/** A figure from the stats; muted when the service could not give them. */
function measured(text, stats) {
  return stats ? text : h('span', { class: 'muted' }, text);
}

function fact(term, value, testid) {
  return h('div', { class: 'fact' }, h('dt', {}, term), h('dd', { 'data-testid': testid }, value));
}

function orderingInWords(ordering) {
  return ORDERINGS.find((o) => o.value === ordering)?.word ?? String(ordering ?? 'Unordered');
}

function rateLimitInWords(rateLimit) {
  if (rateLimit === null || rateLimit === undefined) return 'No limit';
  return `At most ${rateLimit} attempt${rateLimit === 1 ? '' : 's'} per second`;
}

function chips(events, testid) {
  return h('ul', { class: 'chips', 'aria-label': 'Events', 'data-testid': testid },
    events.map((event) => h('li', { class: 'chip mono' }, event)));
}

function description(text, testid) {
  return text
    ? h('p', { class: 'description', 'data-testid': testid }, text)
    : h('p', { class: 'description muted', 'data-testid': testid }, 'No description');
}

// ---------------------------------------------------------------------------------------- list

function webhookCard(webhook, stats) {
  const state = webhookState(webhook, stats);
  return h('li', { class: 'card webhook-card', 'data-testid': 'webhook-row', dataset: { webhookId: webhook.id } },
    h('div', { class: 'card-head' },
      h('a', { class: 'webhook-url mono', href: `#/webhooks/${webhook.id}`, 'data-testid': 'webhook-url' }, webhook.url),
      h('span', { class: 'badges' }, badge(state.word, state.tone, 'webhook-state'),
        webhook.is_active && failing(stats) ? badge('Failing', 'danger', 'webhook-failing') : null)),
    state.tone === 'danger' ? h('p', { class: 'hint', 'data-testid': 'webhook-state-reason' }, state.why) : null,
    description(webhook.description, 'webhook-description'),
    chips(webhook.events, 'webhook-events'),
    h('dl', { class: 'metrics' },
      fact('Success, last 24 h', measured(successRate(stats), stats), 'webhook-success-rate'),
      fact('Pending', measured(stats ? String(stats.pending) : 'Not available', stats), 'webhook-pending')));
}

export function webhookListScreen(app) {
  document.title = 'Webhooks · Encrata Webhooks';
  const content = h('div', { id: 'webhooks', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading webhooks…'));
  const view = h('section', { class: 'screen', id: 'webhook-list-screen' },
    h('div', { class: 'page-head' },
      h('div', {},
        h('h1', { tabindex: '-1' }, 'Webhooks'),
        h('p', { class: 'lead' }, 'Your endpoints that Encrata sends events to.')),
      h('a', { class: 'button primary', href: '#/webhooks/new', id: 'new-webhook' }, 'Add webhook')),
    content);
  (async () => {
    let webhooks;
    let stats;
    try {
      [webhooks, stats] = await Promise.all([app.api.get('/api/webhooks'), loadStats(app.api)]);
      app.accepted();
    } catch (error) {
      app.failed(error);
      content.replaceChildren(h('p', { class: 'muted' }, 'The webhooks could not be loaded.'));
      return;
    }
    content.removeAttribute('aria-busy');
    if (webhooks.length === 0) {
      content.replaceChildren(h('div', { class: 'card empty', id: 'webhooks-empty' },
        h('h2', {}, 'No webhooks yet'),
        h('p', {}, 'Add an https:// endpoint of yours and choose the events it should receive, such as lookup.completed when a lookup finishes. Every request is signed, so your endpoint can check that it came from Encrata.'),
        h('a', { class: 'button primary', href: '#/webhooks/new', id: 'empty-new-webhook' }, 'Add your first webhook')));
      return;
    }
    const byId = new Map((Array.isArray(stats) ? stats : []).map((s) => [s.webhook_id, s]));
    content.replaceChildren(
      h('p', { class: 'hint', id: 'webhook-count' }, `${webhooks.length} webhook${webhooks.length === 1 ? '' : 's'}`),
      h('ul', { class: 'webhook-list', id: 'webhook-list' }, webhooks.map((w) => webhookCard(w, byId.get(w.id) ?? null))));
  })();
  return view;
}

// ------------------------------------------------------------------------------------ the form

function webhookForm({ app, id, types, webhook, submitLabel, submitId, cancelHref }) {
  const url = h('input', {
    type: 'url', inputmode: 'url', autocomplete: 'off', spellcheck: 'false', maxlength: 2048,
    placeholder: 'https://example.com/webhooks/encrata', value: webhook?.url ?? '',
  });
  const text = h('textarea', { rows: 3, maxlength: 500 });
  text.value = webhook?.description ?? '';
  const rate = h('input', {
    type: 'number', inputmode: 'numeric', min: 1, max: 10000, step: 1, autocomplete: 'off',
    placeholder: 'No limit', value: webhook?.rate_limit ?? '',
  });
  const headers = headersEditor({ id, headers: webhook?.headers });
  const auth = authEditor({ id, stored: webhook?.auth, editing: Boolean(webhook) });
  const filter = filterEditor(app, { id, filter: webhook?.filter, types });
  const submit = h('button', { type: 'submit', id: submitId, class: 'button primary' }, submitLabel);
  const el = h('form', { id, class: 'stack', novalidate: true },
    field({
      id: `${id}-url`, name: 'url', label: 'Endpoint URL', control: url,
      hint: 'An https:// address of yours. Encrata POSTs each event to it as JSON.',
    }),
    checkboxGroup({
      id: `${id}-events`, name: 'events', legend: 'Events', hint: 'Only the events you choose are sent.',
      options: types.map((t) => ({ value: t.name, description: t.description })), checked: webhook?.events ?? [],
    }),
    field({
      id: `${id}-description`, name: 'description', label: 'Description (optional)', control: text,
      hint: 'Up to 500 characters, to tell your endpoints apart.',
    }),
    h('h3', { class: 'form-section' }, 'Delivery options'),
    headers.el,
    auth.el,
    filter.el,
    radioGroup({
      id: `${id}-ordering`, name: 'ordering', legend: 'Ordering', checked: webhook?.ordering ?? 'unordered',
      options: ORDERINGS,
    }),
    field({
      id: `${id}-rate-limit`, name: 'rate_limit', label: 'Rate limit (attempts per second)', control: rate,
      hint: webhook
        ? 'A whole number from 1 to 10000. Deliveries beyond it wait their turn; none is dropped. Empty the field to remove the limit.'
        : 'A whole number from 1 to 10000. Deliveries beyond it wait their turn; none is dropped. Leave it empty for no limit.',
    }),
    h('p', { class: 'form-error', role: 'alert', hidden: true, tabindex: '-1' }),
    h('div', { class: 'actions' }, submit,
      cancelHref ? h('a', { href: cancelHref, class: 'button subtle' }, 'Cancel') : null));
  return {
    el,
    url,
    submit,
    values: () => ({
      url: url.value.trim(),
      events: [...el.querySelectorAll('input[name="events"]:checked')].map((box) => box.value),
      description: text.value,
      ordering: el.querySelector('input[name="ordering"]:checked')?.value ?? null,
      rate_limit: rateLimit(),
      headers: headers.value(),
      auth: auth.value(),
      // Empty is no filter: null on create, "" on edit (which removes one).
      filter: filter.value() || (webhook ? '' : null),
    }),
    clearSecrets: auth.clearSecrets,
  };

  /** Empty is no limit: null on create, 0 on edit (which removes a limit). */
  function rateLimit() {
    if (rate.validity.badInput) {
      // Not a number at all (the browser gives ''): said at the field, like the service's own errors.
      throw new ApiError(400, 'Check the highlighted fields.',
        [{ field: 'rate_limit', message: 'enter a whole number from 1 to 10000, or leave it empty for no limit' }]);
    }
    if (rate.value === '') return webhook ? 0 : null;
    return Number(rate.value);
  }
}

/** A 400 (or a duplicate URL's 409) at its fields; anything else in the form and above the page. */
function formFailed(app, form, error) {
  if (error.unauthorized) return;
  if (error.status === 409 && /url/i.test(error.message)) {
    showFormError(form, new ApiError(409, error.message, [{ field: 'url', message: error.message }]));
    return;
  }
  showFormError(form, error);
  if (error.status !== 400) app.notify('error', error.message);
}

// ------------------------------------------------------------------------- secrets, shown once

export function secretPanel({ heading, secret, note }) {
  return h('section', { class: 'card secret-panel', id: 'secret-panel', 'aria-labelledby': 'secret-heading' },
    h('h2', { id: 'secret-heading' }, heading),
    h('p', { class: 'warning', id: 'secret-warning' },
      h('strong', {}, 'Copy it now: it will not be shown again. '),
      'Keep it where your endpoint can read it, for example in the environment variable ENCRATA_WEBHOOK_SECRET. If you lose it, rotate the secret.'),
    note ? h('p', { class: 'hint' }, note) : null,
    secretBox({ id: 'secret-value', label: 'Signing secret', value: secret }));
}

function snippet(title, id, code, open) {
  return h('details', { class: 'snippet', open: open || null },
    h('summary', {}, title),
    h('pre', { tabindex: '0', 'aria-label': `${title} example` }, h('code', { id }, code)));
}

function verificationHelp() {
  return h('section', { class: 'card', id: 'verify-help', 'aria-labelledby': 'verify-heading' },
    h('h2', { id: 'verify-heading' }, 'Verify each request'),
    h('p', {}, 'Every request carries two signatures made with this secret. Check either one against the raw request body, before parsing it:'),
    h('ul', { class: 'plain-list' },
      h('li', {}, h('code', {}, 'X-Encrata-Signature'),
        ': hex HMAC-SHA256 of the body, keyed with the whole secret.'),
      h('li', {}, h('code', {}, 'webhook-signature'), ' (Standard Webhooks): ', h('code', {}, 'v1,'),
        ' + base64 HMAC-SHA256 of ', h('code', {}, '{webhook-id}.{webhook-timestamp}.{body}'),
        ', keyed with the base64-decoded part of the secret after whsec_. During a rotation several signatures are sent, separated by spaces; accept any that matches.')),
    snippet('Python', 'snippet-python', PYTHON, true),
    snippet('Node.js', 'snippet-node', NODE, false));
}

// -------------------------------------------------------------------------------------- create

export function createWebhookScreen(app) {
  document.title = 'Add a webhook · Encrata Webhooks';
  const holder = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const view = h('section', { class: 'screen narrow', id: 'create-screen' },
    h('a', { href: '#/webhooks', class: 'back' }, '← Webhooks'),
    h('h1', { tabindex: '-1' }, 'Add a webhook'),
    holder);
  (async () => {
    let types;
    try {
      types = await loadEventTypes(app.api);
    } catch (error) {
      app.failed(error);
      return;
    }
    const form = webhookForm({
      app, id: 'webhook-form', types, submitLabel: 'Create webhook', submitId: 'webhook-submit', cancelHref: '#/webhooks',
    });
    form.el.classList.add('card');
    form.el.addEventListener('submit', async (event) => {
      event.preventDefault();
      await busy(form.submit, 'Creating…', async () => {
        try {
          const created = await app.api.post('/api/webhooks', form.values());
          form.clearSecrets();
          app.accepted();
          app.notify('success', '');
          view.replaceChildren(createdPanel(created));
          view.querySelector('h1').focus();
        } catch (error) {
          formFailed(app, form.el, error);
        }
      });
    });
    holder.replaceChildren(form.el);
  })();
  return view;
}

function createdPanel(created) {
  return h('div', { class: 'stack', id: 'created' },
    h('a', { href: '#/webhooks', class: 'back' }, '← Webhooks'),
    h('h1', { tabindex: '-1' }, 'Webhook created'),
    h('p', { class: 'lead' }, 'Encrata will send ', h('span', { class: 'mono' }, created.events.join(', ')), ' events to ',
      h('span', { class: 'mono break', id: 'created-url' }, created.url), '.'),
    secretPanel({ heading: 'Signing secret', secret: created.secret }),
    verificationHelp(),
    h('div', { class: 'actions' },
      h('a', { class: 'button primary', href: `#/webhooks/${created.id}`, id: 'open-created' }, 'Open the webhook'),
      h('a', { class: 'button subtle', href: '#/webhooks' }, 'Back to webhooks')));
}

// ------------------------------------------------------------------------------- one webhook

function testResult(result) {
  const sent = result.status === 'sent';
  let summary;
  if (sent) summary = `Your endpoint answered ${result.status_code}.`;
  else if (result.status_code !== null && result.status_code !== undefined) summary = `Your endpoint answered ${result.status_code}, which is not a 2xx status.`;
  else summary = `No answer was received (${result.error ?? 'unknown error'}).`;
  return h('section', { class: `card result result-${sent ? 'success' : 'danger'}`, id: 'test-result', 'aria-labelledby': 'test-heading' },
    h('h2', { id: 'test-heading' }, 'Test event'),
    h('p', {}, badge(sent ? 'Sent' : 'Failed', sent ? 'success' : 'danger', 'test-status'), ' ', summary),
    h('dl', { class: 'facts' },
      fact('Response status', result.status_code ?? 'No answer', 'test-status-code'),
      fact('Error', result.error ?? 'None', 'test-error'),
      fact('X-Encrata-Signature sent', h('span', { class: 'mono break' }, result.signature ?? '—'), 'test-signature')),
    h('h3', {}, 'Response body'),
    result.response_body
      ? h('pre', { 'data-testid': 'test-response-body', tabindex: '0' }, result.response_body)
      : h('p', { class: 'muted', 'data-testid': 'test-response-body' }, result.status_code ? 'Empty' : 'No answer'));
}

function overview(webhook, stats) {
  const latency = stats && stats.latency_p50_ms !== null && stats.latency_p50_ms !== undefined
    ? `${stats.latency_p50_ms} ms / ${stats.latency_p95_ms} ms` : 'Not available';
  const none = stats ? 'None in 24 h' : 'Not available';
  return h('section', { class: 'card', id: 'overview', 'aria-labelledby': 'overview-heading' },
    h('h2', { id: 'overview-heading' }, 'Overview'),
    h('dl', { class: 'facts' },
      fact('Events', chips(webhook.events, 'detail-events-list'), 'detail-events'),
      fact('Description', webhook.description ?? 'No description', 'detail-description'),
      fact('Ordering', orderingInWords(webhook.ordering), 'detail-ordering'),
      fact('Rate limit', rateLimitInWords(webhook.rate_limit), 'detail-rate-limit'),
      fact('Headers', headersShown(webhook.headers), 'detail-headers'),
      fact('Authentication', authShown(webhook.auth), 'detail-auth'),
      fact('Filter', filterShown(webhook.filter), 'detail-filter'),
      fact('Success, last 24 h', measured(successRate(stats), stats), 'detail-success-rate'),
      fact('Pending deliveries', measured(stats ? String(stats.pending) : 'Not available', stats), 'detail-pending'),
      fact('Latency p50 / p95', measured(latency, stats), 'detail-latency'),
      fact('Last success', time(stats?.last_success_at, none), 'detail-last-success'),
      fact('Last failure', time(stats?.last_failure_at, none), 'detail-last-failure'),
      fact('Created', time(webhook.created_at), 'detail-created'),
      fact('Updated', time(webhook.updated_at), 'detail-updated'),
      fact('Webhook ID', h('span', { class: 'mono break' }, webhook.id), 'detail-id')));
}

export function webhookScreen(app, id) {
  document.title = 'Webhook · Encrata Webhooks';
  const back = h('a', { href: '#/webhooks', class: 'back' }, '← Webhooks');
  // Kept across reloads of the page's data, so a test result or a new secret stays on screen.
  const results = h('div', { id: 'action-result', class: 'stack' });
  const view = h('section', { class: 'screen', id: 'webhook-screen' }, back, h('p', { class: 'muted' }, 'Loading…'));
  load();
  return view;

  async function load() {
    let webhook;
    let stats;
    let types;
    try {
      [webhook, stats, types] = await Promise.all([
        app.api.get('/api/webhooks', { id }), loadStats(app.api, id), loadEventTypes(app.api)]);
      app.accepted();
    } catch (error) {
      if (error.status === 404 || error.status === 400) {
        view.replaceChildren(back, h('div', { class: 'card', id: 'webhook-missing' },
          h('h1', { tabindex: '-1' }, 'Webhook not found'),
          h('p', {}, 'It may have been deleted. '), h('a', { href: '#/webhooks' }, 'See your webhooks')));
      } else {
        app.failed(error);
      }
      return;
    }
    if (view.isConnected) render(webhook, stats, types);
  }

  function render(webhook, stats, types) {
    document.title = `${webhook.url} · Encrata Webhooks`;
    const state = webhookState(webhook, stats);
    const test = h('button', { type: 'button', class: 'button', id: 'send-test' }, 'Send test event');
    const toggle = h('button', { type: 'button', class: 'button', id: 'toggle-active' }, webhook.is_active ? 'Pause' : 'Resume');
    const rotate = h('button', { type: 'button', class: 'button', id: 'rotate-secret' }, 'Rotate secret');
    const remove = h('button', { type: 'button', class: 'button danger', id: 'delete-webhook' }, 'Delete');
    const log = deliveryLog(app, webhook, types);
    const chart = hourlyChart(app, webhook);
    view.replaceChildren(back,
      h('div', { class: 'page-head' },
        h('div', { class: 'title-block' },
          h('h1', { tabindex: '-1', class: 'mono break', id: 'webhook-title' }, webhook.url),
          h('p', { class: 'state-line' }, badge(state.word, state.tone, 'webhook-state'), ' ',
            h('span', { class: 'hint', 'data-testid': 'webhook-state-reason' }, state.why ?? 'Events are sent to it as they happen.'))),
        h('div', { class: 'actions' }, test, toggle, rotate, remove)),
      banner(webhookCondition(webhook, stats)) ?? '',
      results,
      overview(webhook, stats),
      chart.section,
      log.section,
      editSection(webhook, types),
      recoverSection(app, webhook, log.reload));

    test.addEventListener('click', () => busy(test, 'Sending…', async () => {
      try {
        const result = await app.api.post('/api/webhooks/test', { id: webhook.id });
        results.replaceChildren(testResult(result));
        log.reload();
      } catch (error) {
        app.failed(error);
      }
    }));

    toggle.addEventListener('click', async () => {
      if (webhook.is_active && !await confirmDialog({
        title: 'Pause this webhook?',
        body: 'Encrata stops sending events to it. Deliveries still waiting are marked failed; after resuming, you can send them again with "Recover failed deliveries".',
        confirmLabel: 'Pause webhook',
      })) return;
      await busy(toggle, webhook.is_active ? 'Pausing…' : 'Resuming…', async () => {
        try {
          await app.api.put('/api/webhooks', { id: webhook.id, url: webhook.url, is_active: !webhook.is_active });
          app.notify('success', webhook.is_active
            ? 'Webhook paused. No events are sent to it until you resume it.'
            : 'Webhook resumed. New events are sent to it again.');
          await load();
        } catch (error) {
          app.failed(error);
        }
      });
    });

    rotate.addEventListener('click', async () => {
      if (!await confirmDialog({
        title: 'Rotate the signing secret?',
        body: 'A new secret signs X-Encrata-Signature from the next request on, so endpoints that check only that header must switch to it at once. webhook-signature also carries a signature made with the old secret for 24 hours.',
        confirmLabel: 'Rotate secret',
      })) return;
      await busy(rotate, 'Rotating…', async () => {
        try {
          const rotated = await app.api.post('/api/webhooks/rotate-secret', { id: webhook.id });
          results.replaceChildren(secretPanel({
            heading: 'New signing secret', secret: rotated.secret,
            note: 'The old secret keeps signing webhook-signature for 24 hours, so Standard Webhooks receivers can switch without losing requests.',
          }));
          app.notify('success', 'Secret rotated.');
          results.querySelector('#secret-value').focus();
        } catch (error) {
          app.failed(error);
        }
      });
    });

    remove.addEventListener('click', async () => {
      if (!await confirmDialog({
        title: 'Delete this webhook?',
        body: `${webhook.url} will stop receiving events, and its delivery history is deleted. This cannot be undone.`,
        confirmLabel: 'Delete webhook',
        danger: true,
      })) return;
      await busy(remove, 'Deleting…', async () => {
        try {
          await app.api.delete('/api/webhooks', { id: webhook.id });
          app.go('#/webhooks', { kind: 'success', text: 'Webhook deleted.' });
        } catch (error) {
          app.failed(error);
        }
      });
    });
  }

  function editSection(webhook, types) {
    const form = webhookForm({ app, id: 'edit-form', types, webhook, submitLabel: 'Save changes', submitId: 'edit-submit' });
    form.el.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form.el);
      await busy(form.submit, 'Saving…', async () => {
        try {
          await app.api.put('/api/webhooks', { id: webhook.id, ...form.values() });
          form.clearSecrets();
          app.notify('success', 'Changes saved.');
          await load();
        } catch (error) {
          formFailed(app, form.el, error);
        }
      });
    });
    return h('section', { class: 'card', id: 'edit', 'aria-labelledby': 'edit-heading' },
      h('h2', { id: 'edit-heading' }, 'Edit'), form.el);
  }
}
