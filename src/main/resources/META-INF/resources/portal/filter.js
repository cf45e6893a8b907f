// The filter of the create and edit forms (SPEC §10): a CEL expression, and beside it whether it
// matches each event type's example, asked of POST /api/webhooks/filter-test. Checked when asked
// (a button), not while typing: a check is one request per event type, and /api/webhooks/** allows
// a key 30 requests a minute; typing only marks the answers out of date.

import { badge, busy, capitalised, field, h } from './dom.js';

const RESULTS = {
  unchecked: ['Not checked', 'neutral'],
  checking: ['Checking…', 'neutral'],
  matches: ['Matches', 'success'],
  misses: ['Does not match', 'neutral'],
  failed: ['Not known', 'warning'],
  noExample: ['No example', 'neutral'],
};

/** `types` are the event types, each with its `example` data (when the service gives one). */
export function filterEditor(app, { id, filter, types }) {
  const input = h('textarea', {
    rows: 3, maxlength: 1000, class: 'mono', spellcheck: 'false', autocomplete: 'off',
    placeholder: 'data.credits_remaining < 100 && data.email.endsWith("@acme.com")',
  });
  input.value = filter ?? '';
  const check = h('button', { type: 'button', class: 'button small', id: `${id}-filter-check` }, 'Check against the examples');
  const status = h('p', { class: 'hint', id: `${id}-filter-status`, role: 'status' },
    'Not checked yet: press "Check against the examples".');
  const rows = types.map(resultRow);
  const el = h('div', { class: 'stack filter' },
    field({
      id: `${id}-filter`, name: 'filter', label: 'Filter (optional)', control: input,
      hint: 'A CEL expression over event (the event name) and data (the event\'s data). Only events for which it is true are delivered. Leave it empty to deliver every event the webhook subscribes to.',
    }),
    h('section', { class: 'filter-examples', 'aria-labelledby': `${id}-filter-examples-heading` },
      h('h3', { id: `${id}-filter-examples-heading` }, 'The filter on each event\'s example'),
      h('div', { class: 'actions' }, check),
      status,
      h('ul', { class: 'filter-results', id: `${id}-filter-results` }, rows.map((row) => row.el))));
  const errorSlot = el.querySelector('[data-error-for="filter"]');

  let asked = 0;
  input.addEventListener('input', () => {
    asked += 1; // an answer still coming is about an older filter
    if (rows.some((row) => row.result !== 'unchecked' && row.result !== 'noExample')) {
      for (const row of rows) row.show('unchecked');
      status.textContent = 'The filter changed: check it again.';
    }
  });
  check.addEventListener('click', () => busy(check, 'Checking…', checkNow));
  return {
    el,
    /** "" when empty; whitespace alone counts as empty. */
    value: () => (input.value.trim() === '' ? '' : input.value),
  };

  async function checkNow() {
    const mine = ++asked;
    const expression = input.value;
    compileError(null);
    if (expression.trim() === '') {
      for (const row of rows) row.show(row.type.example === undefined ? 'noExample' : 'matches');
      status.textContent = 'No filter: every event matches.';
      return;
    }
    const testable = rows.filter((row) => row.type.example !== undefined);
    for (const row of testable) row.show('checking');
    status.textContent = 'Checking…';
    try {
      // The first alone: a filter that does not compile costs one request, not one per event type.
      const [first, ...rest] = testable;
      const answers = first ? [await test(first, expression)] : [];
      answers.push(...await Promise.all(rest.map((row) => test(row, expression))));
      if (mine !== asked) return;
      testable.forEach((row, i) => row.show(answers[i]?.matches ? 'matches' : 'misses', answers[i]?.error));
      status.textContent = `Checked against ${testable.length} example${testable.length === 1 ? '' : 's'}.`;
    } catch (error) {
      if (mine !== asked) return;
      for (const row of testable) row.show('unchecked');
      if (error.unauthorized) return;
      const problem = (error.details ?? []).find((detail) => detail.field === 'filter');
      if (error.status === 400 && problem) {
        compileError(problem.message);
        status.textContent = 'The filter is not valid: see the message under it.';
      } else if (error.status === 404 || error.status === 405) {
        status.textContent = 'This service cannot test filters (POST /api/webhooks/filter-test is not available).';
      } else {
        status.textContent = `The filter could not be checked. ${error.message}`;
      }
    }
  }

  function test(row, expression) {
    return app.api.post('/api/webhooks/filter-test', { filter: expression, event: row.type.name, data: row.type.example });
  }

  function compileError(message) {
    errorSlot.textContent = message ? capitalised(message) : '';
    errorSlot.hidden = !message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

function resultRow(type) {
  const word = h('span', { 'data-testid': 'filter-result-word' });
  const why = h('span', { class: 'hint', 'data-testid': 'filter-result-error' });
  const row = {
    type,
    result: null,
    el: h('li', { class: 'filter-result', 'data-testid': 'filter-result', dataset: { event: type.name } },
      h('div', { class: 'filter-result-head' }, h('span', { class: 'mono' }, type.name), word, why),
      type.example === undefined ? null : h('details', { class: 'snippet' },
        h('summary', {}, `Example data of ${type.name}`),
        h('pre', { tabindex: '0' }, JSON.stringify(type.example, null, 2)))),
    show(result, error) {
      row.result = result;
      const [text, tone] = RESULTS[result];
      word.replaceChildren(badge(text, tone, 'filter-result-badge'));
      why.textContent = typeof error === 'string' && error ? `(${error})` : '';
    },
  };
  row.show(type.example === undefined ? 'noExample' : 'unchecked');
  return row;
}
