// A webhook's last 24 hours as a bar chart: succeeded and failed attempts per hour from
// GET /api/webhooks/stats/hourly, drawn here as SVG with DOM calls (no chart service, no markup
// strings). Failed attempts are hatched as well as red, the legend names both, and the same figures
// are in a summary sentence and a table.

import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 190;
const MARGIN = { top: 10, right: 16, bottom: 24, left: 34 };
/** The least room an hour label needs, in pixels: labels are thinned out to fit. */
const LABEL_ROOM = 46;

/** An SVG element with attributes (numbers and strings only: nothing is parsed as markup). */
function s(tag, attributes = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

function plural(n, word, words = `${word}s`) {
  return `${n} ${n === 1 ? word : words}`;
}

/** "14:00", the start of an hour in local time. */
function clock(date) {
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** "14:00–15:00" in local time. */
function span(hour) {
  const start = new Date(hour);
  return `${clock(start)}–${clock(new Date(start.getTime() + 3600 * 1000))}`;
}

/** A round top for the scale: 1, 2, 5 × 10^n, at least the largest hour. */
function scaleTop(max) {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((top) => top >= max);
}

export function totals(hours) {
  return hours.reduce((sum, hour) => ({
    attempts: sum.attempts + hour.attempts,
    succeeded: sum.succeeded + hour.succeeded,
    failed: sum.failed + hour.failed,
  }), { attempts: 0, succeeded: 0, failed: 0 });
}

function summaryText(hours) {
  const sum = totals(hours);
  if (sum.attempts === 0) return 'Last 24 hours: no attempts.';
  return `Last 24 hours: ${plural(sum.attempts, 'attempt')}, ${sum.succeeded} succeeded, ${sum.failed} failed.`;
}

/** The hatching of failed bars, so they differ from succeeded ones by more than colour. */
function hatch() {
  return s('defs', {},
    s('pattern', { id: 'chart-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('rect', { width: 6, height: 6, class: 'chart-failed-ground' }),
      s('rect', { width: 2.5, height: 6, class: 'chart-failed-stripe' })));
}

/** The chart at a given width in pixels; text keeps its size whatever the width. */
function drawing(hours, width) {
  const plotWidth = Math.max(width - MARGIN.left - MARGIN.right, 24);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / hours.length;
  const barWidth = Math.max(slot * 0.72, 2);
  const top = scaleTop(Math.max(...hours.map((hour) => hour.succeeded + hour.failed)));
  const y = (value) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const every = [1, 2, 3, 4, 6, 8, 12].find((step) => step * slot >= LABEL_ROOM) ?? 12;

  const svg = s('svg', {
    id: 'chart-svg', class: 'chart-svg', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`,
    role: 'img', 'aria-labelledby': 'chart-summary', focusable: 'false',
  }, hatch());

  for (const value of [0, top / 2, top]) {
    if (value !== Math.round(value)) continue;
    svg.append(
      s('line', { x1: MARGIN.left, x2: MARGIN.left + plotWidth, y1: y(value), y2: y(value), class: value ? 'chart-grid' : 'chart-axis' }),
      s('text', { x: MARGIN.left - 6, y: y(value), class: 'chart-label chart-label-y', 'text-anchor': 'end', 'dominant-baseline': 'middle' },
        String(value)));
  }

  hours.forEach((hour, i) => {
    const x = MARGIN.left + i * slot + (slot - barWidth) / 2;
    const group = s('g', {
      class: 'chart-hour', 'data-testid': 'chart-hour', 'data-hour': hour.hour,
      'data-succeeded': hour.succeeded, 'data-failed': hour.failed,
    }, s('title', {}, `${span(hour.hour)}: ${plural(hour.attempts, 'attempt')}, ${hour.succeeded} succeeded, ${hour.failed} failed`));
    if (hour.succeeded > 0) {
      group.append(s('rect', {
        x, width: barWidth, y: y(hour.succeeded), height: y(0) - y(hour.succeeded), class: 'chart-succeeded',
      }));
    }
    if (hour.failed > 0) {
      const base = y(hour.succeeded);
      group.append(s('rect', {
        x, width: barWidth, y: y(hour.succeeded + hour.failed), height: base - y(hour.succeeded + hour.failed),
        class: 'chart-failed', fill: 'url(#chart-hatch)',
      }));
    }
    // The whole slot, so the hour's title shows wherever the pointer is in its column.
    group.append(s('rect', { x: MARGIN.left + i * slot, width: slot, y: MARGIN.top, height: plotHeight, class: 'chart-hit' }));
    svg.append(group);
    // Labels count back from the current hour, so the latest one is always named.
    if ((hours.length - 1 - i) % every === 0) {
      svg.append(s('text', {
        x: MARGIN.left + i * slot + slot / 2, y: HEIGHT - 6, class: 'chart-label', 'text-anchor': 'middle',
      }, clock(new Date(hour.hour))));
    }
  });
  return svg;
}

function legend() {
  const swatch = (kind) => h('span', { class: `chart-swatch chart-swatch-${kind}`, 'aria-hidden': 'true' });
  return h('ul', { class: 'chart-legend', id: 'chart-legend' },
    h('li', {}, swatch('succeeded'), 'Succeeded (solid)'),
    h('li', {}, swatch('failed'), 'Failed (hatched, stacked on top)'));
}

function table(hours) {
  return h('details', { class: 'chart-table' },
    h('summary', {}, 'The figures hour by hour'),
    h('table', { id: 'chart-table' },
      h('caption', {}, 'Attempts per hour, in your local time, oldest first'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Hour'), h('th', { scope: 'col' }, 'Attempts'),
        h('th', { scope: 'col' }, 'Succeeded'), h('th', { scope: 'col' }, 'Failed'))),
      h('tbody', {}, hours.map((hour) => h('tr', { 'data-testid': 'chart-row' },
        h('th', { scope: 'row' }, span(hour.hour)),
        h('td', {}, String(hour.attempts)), h('td', {}, String(hour.succeeded)), h('td', {}, String(hour.failed)))))));
}

/** The "Last 24 hours" section of a webhook's page; reload() asks for the hours again. */
export function hourlyChart(app, webhook) {
  const summary = h('p', { id: 'chart-summary', class: 'chart-summary' }, 'Loading the last 24 hours…');
  const figure = h('div', { class: 'chart', id: 'chart' });
  const section = h('section', { class: 'card', id: 'activity', 'aria-labelledby': 'activity-heading' },
    h('h2', { id: 'activity-heading' }, 'Last 24 hours'),
    summary, figure);
  let observer = null;
  let drawnWidth = 0;

  function draw(hours) {
    const width = Math.floor(figure.clientWidth);
    if (width <= 0 || width === drawnWidth) return;
    drawnWidth = width;
    figure.replaceChildren(drawing(hours, width));
  }

  async function reload() {
    let hours;
    try {
      hours = await app.api.get('/api/webhooks/stats/hourly', { id: webhook.id });
    } catch (error) {
      if (error.unauthorized) return;
      summary.textContent = 'The hourly figures are not available.';
      summary.classList.add('muted');
      figure.replaceChildren();
      return;
    }
    if (!Array.isArray(hours) || !section.isConnected) return;
    summary.textContent = summaryText(hours);
    section.replaceChildren(section.firstChild, summary, figure,
      h('p', { class: 'hint' }, 'Scheduled attempts per hour, in your local time; the last bar is the current hour. Test events are not counted.'),
      legend(), table(hours));
    observer?.disconnect();
    drawnWidth = 0;
    // Drawn at the container's width, and again when it changes (a rotated phone, a resized window).
    observer = new ResizeObserver((entries, self) => {
      if (section.isConnected) draw(hours);
      else self.disconnect();
    });
    observer.observe(figure);
    draw(hours);
  }

  reload();
  return { section, reload };
}
