// A webhook's deliveries: the log with its status filter, one delivery's detail with redelivery,
// and recovering failed deliveries since a chosen time.

import {
  badge, busy, clearErrors, field, h, localInputToRfc3339, showFormError, sleep, time, toLocalInput,
} from './dom.js';

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
      href: `#/webhooks/${webhookId}/deliveries/${delivery.id}`, class: 'button subtle small', 'data-testid': 'delivery-details',
      'aria-label': `Details of the ${delivery.event_type} delivery of ${when.textContent}`,
    }, 'Details'));
}

/** The delivery log section of a webhook's page; reload() fetches it again. */
export function deliveryLog(app, webhook) {
  const filter = h('select', { id: 'delivery-filter' },
    h('option', { value: '' }, 'All'),
    Object.entries(STATUS).map(([value, s]) => h('option', { value }, s.word)));
  const refresh = h('button', { type: 'button', class: 'button small', id: 'refresh-deliveries' }, 'Refresh');
  const body = h('div', { id: 'delivery-log', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading deliveries…'));
  const section = h('section', { class: 'card', id: 'deliveries', 'aria-labelledby': 'deliveries-heading' },
    h('div', { class: 'section-head' },
      h('h2', { id: 'deliveries-heading' }, 'Deliveries'),
      h('div', { class: 'toolbar' },
        h('label', { for: 'delivery-filter' }, 'Status'), filter, refresh)),
    h('p', { class: 'hint' }, `The ${LOG_LIMIT} newest, newest first, test events included.`),
    body);

  let loading = 0;
  async function reload() {
    const mine = ++loading;
    body.setAttribute('aria-busy', 'true');
    try {
      const list = await app.api.get('/api/webhooks/deliveries', { webhook_id: webhook.id, limit: LOG_LIMIT, status: filter.value });
      if (mine !== loading) return;
      if (list.length === 0) {
        body.replaceChildren(h('p', { class: 'empty-line', id: 'deliveries-empty' }, filter.value
          ? `No ${STATUS[filter.value].word.toLowerCase()} deliveries.`
          : 'No deliveries yet. Send a test event, or wait for the next event this webhook subscribes to.'));
      } else {
        body.replaceChildren(h('ul', { class: 'delivery-list', id: 'delivery-list' }, list.map((d) => deliveryRow(webhook.id, d))));
      }
    } catch (error) {
      app.failed(error);
    } finally {
      if (mine === loading) body.removeAttribute('aria-busy');
    }
  }
  filter.addEventListener('change', reload);
  refresh.addEventListener('click', () => busy(refresh, 'Refreshing…', reload));
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

/** One delivery: outcome, response, payload; redeliver it and follow it until it settles. */
export function deliveryScreen(app, webhookId, deliveryId) {
  document.title = 'Delivery · Encrata Webhooks';
  const back = h('a', { href: `#/webhooks/${webhookId}`, class: 'back', id: 'back-to-webhook' }, '← Webhook');
  const redeliverResult = h('p', { id: 'redeliver-result', class: 'result-line', role: 'status' });
  const view = h('section', { class: 'screen', id: 'delivery-screen' }, back, h('p', { class: 'muted' }, 'Loading…'));
  let webhook = null;
  load();
  return view;

  async function find() {
    const list = await app.api.get('/api/webhooks/deliveries', { webhook_id: webhookId, limit: LOG_LIMIT });
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
