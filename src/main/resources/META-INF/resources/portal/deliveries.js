// A webhook's deliveries: the log with its status filter, one delivery's detail with redelivery,
// and recovering failed deliveries since a chosen time.

import {
  badge, busy, clearErrors, field, h, localInputToRfc3339, showFormError, sleep, time, toLocalInput,
} from './dom.js';

/** How many deliveries a page of the log shows, unless the section's data-page-size says otherwise. */
const PAGE_SIZE = 25;
/** The most the delivery screen asks for when it looks a delivery up among the newest. */
const LOG_LIMIT = 100;
const STATUS = {
  pending: { word: 'Pending', tone: 'warning' },
  success: { word: 'Succeeded', tone: 'success' },
  failed: { word: 'Failed', tone: 'danger' },
};

function statusBadge(status, testid) {
  const known = STATUS[status] ?? { word: status, tone: 'neutral' };
  return badge(known.word, known.tone, testid);
}

function outcome(delivery) {
  if (delivery.response_status !== null && delivery.response_status !== undefined) return `HTTP ${delivery.response_status}`;
  if (delivery.error) return delivery.error;
  return delivery.status === 'pending' && delivery.attempts === 0 ? 'Not tried yet' : 'No answer';
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function deliveryRow(webhookId, delivery) {
  const when = time(delivery.created_at);
  return h('li', { class: 'delivery-row', 'data-testid': 'delivery-row', dataset: { deliveryId: delivery.id, status: delivery.status } },
    h('div', { class: 'delivery-what' },
      statusBadge(delivery.status, 'delivery-status'),
      h('span', { class: 'mono', 'data-testid': 'delivery-event' }, delivery.event_type)),
    h('div', { class: 'delivery-meta' },
      when,
      h('span', { 'data-testid': 'delivery-attempts' }, plural(delivery.attempts, 'attempt')),
      h('span', { 'data-testid': 'delivery-outcome' }, outcome(delivery))),
    h('a', {
      // Its creation time goes along, so the delivery screen finds it however far back the log was paged.
      href: `#/webhooks/${webhookId}/deliveries/${delivery.id}?created=${encodeURIComponent(delivery.created_at)}`, class: 'button subtle small', 'data-testid': 'delivery-details',
      'aria-label': `Details of the ${delivery.event_type} delivery of ${when.textContent}`,
    }, 'Details'));
}

/** The local time zone as an offset ("UTC+02:00"), to say which time the inputs are in. */
function localZone() {
  const offset = -new Date().getTimezoneOffset();
  if (offset === 0) return 'UTC';
  const pad = (n) => String(n).padStart(2, '0');
  return `UTC${offset > 0 ? '+' : '−'}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/**
 * The delivery log section of a webhook's page: filters by status, event type (the event types and
 * "test") and a time range, pages back with "Older" through the service's Link: rel="next".
 * reload() starts again from the newest. The page size is the section's data-page-size (1–100).
 */
export function deliveryLog(app, webhook, types) {
  const status = h('select', { id: 'delivery-filter' },
    h('option', { value: '' }, 'All'),
    Object.entries(STATUS).map(([value, s]) => h('option', { value }, s.word)));
  const eventType = h('select', { id: 'delivery-event-filter' },
    h('option', { value: '' }, 'All events'),
    types.map((type) => h('option', { value: type.name }, type.name)),
    h('option', { value: 'test' }, 'test (sent from this page)'));
  const since = h('input', { type: 'datetime-local', id: 'delivery-since', 'aria-describedby': 'delivery-range-hint' });
  const until = h('input', { type: 'datetime-local', id: 'delivery-until', 'aria-describedby': 'delivery-range-hint delivery-range-error' });
  const rangeError = h('p', { class: 'field-error', id: 'delivery-range-error', hidden: true });
  const clear = h('button', { type: 'button', class: 'button subtle small', id: 'clear-delivery-filters' }, 'Clear filters');
  const refresh = h('button', { type: 'button', class: 'button small', id: 'refresh-deliveries' }, 'Refresh');
  const older = h('button', { type: 'button', class: 'button', id: 'older-deliveries', hidden: true }, 'Older');
  const summary = h('p', { class: 'hint', id: 'delivery-count', role: 'status' });
  const body = h('div', { id: 'delivery-log', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading deliveries…'));
  const section = h('section', {
    class: 'card', id: 'deliveries', 'aria-labelledby': 'deliveries-heading', dataset: { pageSize: PAGE_SIZE },
  },
  h('div', { class: 'section-head' },
    h('h2', { id: 'deliveries-heading' }, 'Deliveries'),
    h('div', { class: 'toolbar' }, refresh)),
  h('div', { class: 'log-filters', role: 'group', 'aria-label': 'Filter the deliveries' },
    h('div', { class: 'field' }, h('label', { for: 'delivery-filter' }, 'Status'), status),
    h('div', { class: 'field' }, h('label', { for: 'delivery-event-filter' }, 'Event type'), eventType),
    h('div', { class: 'field' }, h('label', { for: 'delivery-since' }, 'Created from'), since),
    h('div', { class: 'field' }, h('label', { for: 'delivery-until' }, 'Created before'), until),
    h('div', { class: 'log-filters-end' }, clear)),
  h('p', { class: 'hint', id: 'delivery-range-hint' },
    `Times in your local time (${localZone()}). Newest first, test events included.`),
  rangeError,
  body,
  h('div', { class: 'log-foot' }, summary, older));

  let generation = 0;
  let shown = 0;
  let next = null;

  function pageSize() {
    const size = Number(section.dataset.pageSize);
    return Number.isInteger(size) && size >= 1 && size <= 100 ? size : PAGE_SIZE;
  }

  /** The filters as query parameters; null (and said at the inputs) when the range is empty. */
  function filters() {
    rangeError.hidden = true;
    since.removeAttribute('aria-invalid');
    until.removeAttribute('aria-invalid');
    const from = localInputToRfc3339(since.value);
    const to = localInputToRfc3339(until.value);
    if (from && to && new Date(from) >= new Date(to)) {
      rangeError.textContent = '"Created before" must be later than "Created from".';
      rangeError.hidden = false;
      until.setAttribute('aria-invalid', 'true');
      return null;
    }
    return { status: status.value, event_type: eventType.value, since: from, until: to };
  }

  function filtered() {
    return Boolean(status.value || eventType.value || since.value || until.value);
  }

  function say() {
    const more = next ? ' Older ones follow.' : '';
    summary.textContent = shown === 0 ? '' : `${shown} ${shown === 1 ? 'delivery' : 'deliveries'} shown.${more}`;
    older.hidden = !next;
  }

  /** Shows a page: the first replaces the log, later ones are appended below it. */
  function show(page, first) {
    next = page.next;
    if (first) {
      shown = 0;
      if (page.items.length === 0) {
        body.replaceChildren(h('p', { class: 'empty-line', id: 'deliveries-empty' }, filtered()
          ? 'No deliveries match these filters.'
          : 'No deliveries yet. Send a test event, or wait for the next event this webhook subscribes to.'));
      } else {
        body.replaceChildren(h('ul', { class: 'delivery-list', id: 'delivery-list' }));
      }
    }
    body.querySelector('#delivery-list')?.append(...page.items.map((d) => deliveryRow(webhook.id, d)));
    shown += page.items.length;
    say();
  }

  /** Runs one request for the log; an answer that arrives after a newer request started is dropped. */
  async function load(request, first) {
    const mine = first ? ++generation : generation;
    body.setAttribute('aria-busy', 'true');
    try {
      const page = await request();
      if (mine === generation) show(page, first);
    } catch (error) {
      if (mine === generation) app.failed(error);
    } finally {
      if (mine === generation) body.removeAttribute('aria-busy');
    }
  }

  async function reload() {
    const query = filters();
    if (!query) {
      generation++;
      next = null;
      shown = 0;
      body.replaceChildren();
      say();
      return;
    }
    await load(() => app.api.page('/api/webhooks/deliveries', { webhook_id: webhook.id, limit: pageSize(), ...query }), true);
  }

  for (const control of [status, eventType, since, until]) control.addEventListener('change', reload);
  clear.addEventListener('click', () => {
    status.value = '';
    eventType.value = '';
    since.value = '';
    until.value = '';
    reload();
  });
  refresh.addEventListener('click', () => busy(refresh, 'Refreshing…', reload));
  older.addEventListener('click', () => {
    const target = next;
    if (!target) return;
    busy(older, 'Loading…', () => load(() => app.api.page(target), false));
  });
  reload();
  return { section, reload };
}

/** Sends again every failed delivery created since a chosen local time. */
export function recoverSection(app, webhook, recovered) {
  const since = h('input', { type: 'datetime-local', value: toLocalInput(new Date(Date.now() - 24 * 3600 * 1000)) });
  const submit = h('button', { type: 'submit', class: 'button', id: 'recover-submit' }, 'Recover failed deliveries');
  const result = h('p', { id: 'recover-result', role: 'status', class: 'result-line' });
  const form = h('form', { id: 'recover-form', class: 'stack', novalidate: true },
    field({
      id: 'recover-since', name: 'since', label: 'Failed since', control: since,
      hint: 'In your local time. Every failed delivery created since then is sent again, spread over a few seconds. Deliveries are kept for 30 days.',
    }),
    h('p', { class: 'form-error', role: 'alert', hidden: true, tabindex: '-1' }),
    h('div', { class: 'actions' }, submit),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    result.textContent = '';
    clearErrors(form);
    const value = localInputToRfc3339(since.value);
    if (!value) {
      showFormError(form, { message: 'Choose a date and time.', details: [{ field: 'since', message: 'choose a date and time' }] });
      return;
    }
    await busy(submit, 'Recovering…', async () => {
      try {
        const answer = await app.api.post('/api/webhooks/recover', { id: webhook.id, since: value });
        result.textContent = answer.requeued === 0
          ? 'No failed deliveries since then: nothing to send again.'
          : answer.requeued === 1 ? '1 failed delivery is being sent again.'
            : `${answer.requeued} failed deliveries are being sent again.`;
        recovered?.();
      } catch (error) {
        if (error.unauthorized) return;
        showFormError(form, error.status === 409 ? { message: `${error.message}. Resume it first, then recover.` } : error);
      }
    });
  });
  return h('section', { class: 'card', id: 'recover', 'aria-labelledby': 'recover-heading' },
    h('h2', { id: 'recover-heading' }, 'Recover failed deliveries'), form);
}

/**
 * One delivery: outcome, response, payload; redeliver it and follow it until it settles. createdAt
 * (from the log's link) finds it in any page of the log; without it, it is looked for among the newest.
 */
export function deliveryScreen(app, webhookId, deliveryId, createdAt) {
  document.title = 'Delivery · Encrata Webhooks';
  const back = h('a', { href: `#/webhooks/${webhookId}`, class: 'back', id: 'back-to-webhook' }, '← Webhook');
  const redeliverResult = h('p', { id: 'redeliver-result', class: 'result-line', role: 'status' });
  const view = h('section', { class: 'screen', id: 'delivery-screen' }, back, h('p', { class: 'muted' }, 'Loading…'));
  let webhook = null;
  load();
  return view;

  /** The delivery: by its creation time when the link gave it (one millisecond's window), else among the newest. */
  async function find() {
    const from = createdAt ? new Date(createdAt) : null;
    const query = from && !Number.isNaN(from.getTime())
      ? { since: from.toISOString(), until: new Date(from.getTime() + 1).toISOString() }
      : {};
    const list = await app.api.get('/api/webhooks/deliveries', { webhook_id: webhookId, limit: LOG_LIMIT, ...query });
    return list.find((d) => d.id === deliveryId) ?? null;
  }

  async function load() {
    let delivery;
    try {
      [webhook, delivery] = await Promise.all([app.api.get('/api/webhooks', { id: webhookId }), find()]);
      app.accepted();
    } catch (error) {
      if (error.status === 404 || error.status === 400) missing('The webhook may have been deleted.');
      else app.failed(error);
      return;
    }
    if (!view.isConnected) return;
    if (delivery) render(delivery);
    else missing(`It is not among the ${LOG_LIMIT} newest deliveries of this webhook.`);
  }

  function missing(why) {
    view.replaceChildren(back, h('div', { class: 'card', id: 'delivery-missing' },
      h('h1', { tabindex: '-1' }, 'Delivery not found'), h('p', {}, why)));
  }

  function render(delivery) {
    const pending = delivery.status === 'pending';
    const redeliver = h('button', { type: 'button', class: 'button primary', id: 'redeliver', disabled: pending || null },
      'Redeliver now');
    redeliver.addEventListener('click', () => redeliverNow(redeliver));
    const body = delivery.response_body;
    view.replaceChildren(back,
      h('div', { class: 'page-head' },
        h('div', { class: 'title-block' },
          h('h1', { tabindex: '-1', id: 'delivery-title' }, 'Delivery ', h('span', { class: 'mono' }, delivery.event_type)),
          h('p', { class: 'hint mono break' }, webhook.url)),
        h('div', { class: 'actions' }, redeliver)),
      h('p', { class: 'hint', hidden: !pending }, 'A pending delivery is attempted automatically; redeliver it once it has settled.'),
      redeliverResult,
      h('section', { class: 'card', 'aria-labelledby': 'outcome-heading' },
        h('h2', { id: 'outcome-heading' }, 'Outcome'),
        h('dl', { class: 'facts' },
          fact('Status', statusBadge(delivery.status, 'delivery-detail-status-badge'), 'delivery-detail-status'),
          fact('Attempts', String(delivery.attempts), 'delivery-detail-attempts'),
          fact('Response status', delivery.response_status ?? 'No answer', 'delivery-detail-response-status'),
          fact('Error', delivery.error ?? 'None', 'delivery-detail-error'),
          fact('Created', time(delivery.created_at), 'delivery-detail-created'),
          fact('Last attempt', time(delivery.last_attempt_at, 'Not tried yet'), 'delivery-detail-last-attempt'),
          fact('Next attempt', time(delivery.next_attempt_at, 'None scheduled'), 'delivery-detail-next-attempt'),
          fact('Delivery ID (webhook-id)', h('span', { class: 'mono break' }, delivery.id), 'delivery-detail-id'))),
      h('section', { class: 'card', 'aria-labelledby': 'response-heading' },
        h('h2', { id: 'response-heading' }, 'Response body'),
        body
          ? h('pre', { id: 'delivery-response-body', tabindex: '0' }, body)
          : h('p', { class: 'muted', id: 'delivery-response-body' },
            delivery.response_status !== null && delivery.response_status !== undefined ? 'Empty' : 'No answer received')),
      h('section', { class: 'card', 'aria-labelledby': 'payload-heading' },
        h('h2', { id: 'payload-heading' }, 'Payload'),
        h('p', { class: 'hint' }, 'The JSON body sent on every attempt, indented here for reading.'),
        h('pre', { id: 'delivery-payload', tabindex: '0' }, JSON.stringify(delivery.payload, null, 2))));
  }

  function fact(term, value, testid) {
    return h('div', { class: 'fact' }, h('dt', {}, term), h('dd', { 'data-testid': testid }, value));
  }

  async function redeliverNow(button) {
    redeliverResult.textContent = '';
    try {
      await busy(button, 'Redelivering…', () => app.api.post('/api/webhooks/deliveries/retry', { id: deliveryId }));
    } catch (error) {
      if (!error.unauthorized) redeliverResult.textContent = error.message;
      return;
    }
    redeliverResult.textContent = 'Redelivery started…';
    // Follow the attempt for a while, so its outcome shows without a manual refresh.
    for (let i = 0; i < 20 && view.isConnected; i++) {
      await sleep(i < 5 ? 500 : 1500);
      let delivery;
      try {
        delivery = await find();
      } catch (error) {
        app.failed(error);
        return;
      }
      if (!view.isConnected || !delivery) return;
      render(delivery);
      if (delivery.status !== 'pending') {
        redeliverResult.textContent = `Redelivered: ${STATUS[delivery.status].word.toLowerCase()} (${outcome(delivery)}).`;
        return;
      }
    }
  }
}
