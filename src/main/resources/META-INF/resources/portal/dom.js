// Building the page from data. Every value reaches the document as text (text nodes, textContent,
// setAttribute, input.value), never parsed as HTML: nothing here uses innerHTML.

/**
 * Creates an element. props: class, text, dataset, on<event> listeners, hidden/disabled booleans,
 * anything else as an attribute. Children: nodes or strings (strings become text nodes).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'value') el.value = String(value);
    else if (key === 'checked') el.checked = Boolean(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A timestamp as local time, with the exact UTC value in the title. */
export function time(iso, empty = '—') {
  if (!iso) return h('span', { class: 'muted' }, empty);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', {}, iso);
  return h('time', { datetime: iso, title: iso },
    date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }));
}

/** "2026-05-01T12:30" from a datetime-local input (local time) as RFC 3339 with the local offset. */
export function localInputToRfc3339(value) {
  const date = new Date(value);
  if (!value || Number.isNaN(date.getTime())) return null;
  const pad = (n) => String(Math.abs(n)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    + `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** A Date as the value of a datetime-local input (local time, minutes). */
export function toLocalInput(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A message as a sentence: capital first letter, final full stop. */
export function capitalised(message) {
  const text = String(message ?? '').trim();
  if (!text) return text;
  const sentence = text[0].toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/**
 * A labelled form field: label, control, optional hint, and an error slot that 400 details for
 * `name` are written into.
 */
export function field({ id, name, label, hint, control }) {
  control.id = id;
  const described = [];
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) described.push(hintEl.id);
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true, dataset: { errorFor: name } });
  described.push(error.id);
  control.setAttribute('aria-describedby', described.join(' '));
  control.dataset.field = name;
  return h('div', { class: 'field' }, h('label', { for: id }, label), hintEl, control, error);
}

/** A fieldset of checkboxes (one per option) with the same error slot as field(). */
export function checkboxGroup({ id, name, legend, hint, options, checked = [] }) {
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true, dataset: { errorFor: name } });
  const boxes = options.map((option) => {
    const boxId = `${id}-${option.value.replace(/[^a-z0-9]+/gi, '-')}`;
    return h('div', { class: 'checkbox' },
      h('input', {
        type: 'checkbox', id: boxId, name, value: option.value, checked: checked.includes(option.value),
        'aria-describedby': option.description ? `${boxId}-hint` : null,
        dataset: { field: name },
      }),
      h('label', { for: boxId }, h('span', { class: 'mono' }, option.value)),
      option.description ? h('p', { class: 'hint', id: `${boxId}-hint` }, option.description) : null);
  });
  return h('fieldset', { class: 'field checkboxes', id, 'aria-describedby': error.id },
    h('legend', {}, legend), hint ? h('p', { class: 'hint' }, hint) : null,
    h('div', { class: 'checkbox-grid' }, boxes), error);
}

/** A fieldset of radio buttons (one per option, with a label in words) with the same error slot as field(). */
export function radioGroup({ id, name, legend, hint, options, checked }) {
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true, dataset: { errorFor: name } });
  const radios = options.map((option) => {
    const radioId = `${id}-${option.value.replace(/[^a-z0-9]+/gi, '-')}`;
    return h('div', { class: 'radio' },
      h('input', {
        type: 'radio', id: radioId, name, value: option.value, checked: option.value === checked,
        'aria-describedby': option.description ? `${radioId}-hint` : null,
        dataset: { field: name },
      }),
      h('label', { for: radioId }, option.label),
      option.description ? h('p', { class: 'hint', id: `${radioId}-hint` }, option.description) : null);
  });
  return h('fieldset', { class: 'field radios', id, 'aria-describedby': error.id },
    h('legend', {}, legend), hint ? h('p', { class: 'hint' }, hint) : null,
    h('div', { class: 'radio-grid' }, radios), error);
}

export function clearErrors(form) {
  for (const slot of form.querySelectorAll('[data-error-for], .form-error')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
}

/** The error slots for a details[].field: its own ("auth.token_url", "headers.X-Env"), else its top-level field's. */
function errorSlots(form, field) {
  const own = field ? [...form.querySelectorAll(`[data-error-for="${CSS.escape(field)}"]`)] : [];
  if (own.length) return { name: field, slots: own };
  const name = field.replace(/\[\d+\].*$/, '').split('.')[0];
  const slot = name ? form.querySelector(`[data-error-for="${CSS.escape(name)}"]`) : null;
  return { name, slots: slot ? [slot] : [] };
}

/**
 * Shows an API error on a form: each details[].field next to its control ("events[1]" belongs to
 * "events"; "headers.X-Env" goes to that header's row when there is one), anything else in the
 * form's own error slot. Typed values are left alone.
 */
export function showFormError(form, error) {
  clearErrors(form);
  const leftOver = [];
  let first = null;
  for (const detail of error.details ?? []) {
    const { name, slots } = errorSlots(form, String(detail.field ?? ''));
    if (!slots.length) {
      leftOver.push(`${detail.field ? `${detail.field}: ` : ''}${detail.message}`);
      continue;
    }
    for (const slot of slots) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${capitalised(detail.message)}` : capitalised(detail.message);
      slot.hidden = false;
    }
    for (const control of form.querySelectorAll(`[data-field="${CSS.escape(name)}"]`)) {
      control.setAttribute('aria-invalid', 'true');
      first ??= control;
    }
  }
  const formSlot = form.querySelector('.form-error');
  if (formSlot) {
    const placed = (error.details ?? []).length > leftOver.length;
    const summary = placed && !leftOver.length ? 'Check the highlighted fields.' : capitalised(error.message);
    formSlot.textContent = [summary, ...leftOver].join(' ');
    formSlot.hidden = false;
  }
  (first ?? formSlot)?.focus?.();
}

/** A button that is busy (disabled, with a different label) while `work` runs. */
export async function busy(button, label, work) {
  const original = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = label;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = original;
  }
}

/** Asks before a destructive action, in a modal <dialog>; resolves true when confirmed. */
export function confirmDialog({ title, body, confirmLabel, danger = false }) {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', id: 'confirm-cancel', class: 'button' }, 'Cancel');
    const ok = h('button', { type: 'button', id: 'confirm-ok', class: danger ? 'button danger' : 'button primary' },
      confirmLabel);
    const dialog = h('dialog', { id: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-body' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', { id: 'confirm-body' }, body),
      h('div', { class: 'actions' }, ok, cancel));
    let answer = false;
    ok.addEventListener('click', () => { answer = true; dialog.close(); });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    document.body.append(dialog);
    dialog.showModal();
    (danger ? cancel : ok).focus();
  });
}

/** A value shown once (a secret or a key): read-only input, Copy button and a status line. */
export function secretBox({ id, label, value }) {
  const input = h('input', { id, type: 'text', readonly: true, value, class: 'mono', spellcheck: 'false', autocomplete: 'off' });
  const status = h('p', { class: 'hint copy-status', id: `${id}-copy-status`, role: 'status' });
  const copy = h('button', { type: 'button', class: 'button', id: `${id}-copy` }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = 'Copied to the clipboard.';
    } catch {
      // No clipboard access (plain http on another host, or refused): select it for Ctrl+C.
      input.focus();
      input.select();
      status.textContent = document.execCommand?.('copy')
        ? 'Copied to the clipboard.'
        : 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  });
  input.addEventListener('focus', () => input.select());
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('div', { class: 'copy-row' }, input, copy), status);
}

/** A status word in a coloured badge; the word carries the meaning, the colour only repeats it. */
export function badge(word, tone, testid) {
  return h('span', { class: `badge badge-${tone}`, 'data-testid': testid }, word);
}
