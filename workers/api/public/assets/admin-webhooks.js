/**
 * @module The admin area's Webhooks section: the endpoints (GET /v1/admin/webhooks), registering
 * one (POST, whose answer shows the signing secret this once) and removing one (DELETE); and an
 * endpoint's deliveries with their status and attempts (GET /v1/ops/webhooks/deliveries) with a
 * Replay button each (POST /v1/ops/webhooks/deliveries/:id/replay). The ops routes take the
 * admin role too.
 */

import { adminApi, details } from './admin-shared.js'
import { announce, el, explain, show, table, when } from './app.js'

const EVENT_TYPES = {
  'order.placed': 'Order placed',
  'order.paid': 'Order paid',
  'order.fulfilled': 'Order shipped',
  'order.refunded': 'Order refunded',
  'order.cancelled': 'Order cancelled',
  'stock.low': 'Stock low',
  'stock.out': 'Stock out',
}
const STATUS_BADGE = { delivered: 'ok', failed: 'bad', pending: '' }
const form = document.getElementById('webhook-form')
/** The endpoint whose deliveries are shown, if any. */
let watched = null

/** Draws the event type boxes, wires the form and loads the endpoints. */
export async function initWebhooks() {
  document.getElementById('w-events').append(
    el(
      'div',
      { class: 'grid' },
      Object.entries(EVENT_TYPES).map(([value, text]) =>
        el(
          'label',
          { class: 'check' },
          el('input', { type: 'checkbox', name: 'eventTypes', value, defaultChecked: true }),
          text,
          ' ',
          el('code', {}, value),
        ),
      ),
    ),
  )
  form.addEventListener('submit', register)
  await loadEndpoints()
}

async function loadEndpoints() {
  try {
    const { items } = await adminApi('/v1/admin/webhooks')
    show(
      document.getElementById('webhooks'),
      items.length === 0
        ? el('p', {}, 'No endpoints registered: no events are sent.')
        : table(
            'Webhook endpoints',
            ['Endpoint', 'Events', 'State', 'Registered', 'Actions'],
            items.map(row),
          ),
    )
    if (watched && !items.some((e) => e.id === watched.id)) {
      watched = null
      show(document.getElementById('deliveries'))
    }
  } catch (error) {
    announce(`Webhook endpoints could not be loaded: ${explain(error)}`, 'error')
  }
}

function row(endpoint) {
  return el(
    'tr',
    { 'data-endpoint-id': endpoint.id },
    el(
      'th',
      { scope: 'row' },
      el('code', {}, endpoint.url),
      endpoint.description ? el('div', { class: 'meta' }, endpoint.description) : null,
    ),
    el('td', {}, endpoint.eventTypes.join(', ')),
    el(
      'td',
      {},
      el(
        'span',
        { class: `badge ${endpoint.enabled ? 'ok' : ''}` },
        endpoint.enabled ? 'Enabled' : 'Paused',
      ),
    ),
    el('td', {}, when(endpoint.createdAt)),
    el(
      'td',
      {},
      el(
        'div',
        { class: 'actions' },
        el(
          'button',
          { type: 'button', class: 'secondary', onclick: () => showDeliveries(endpoint) },
          'Deliveries',
          el('span', { class: 'visually-hidden' }, ` to ${endpoint.url}`),
        ),
        el(
          'button',
          { type: 'button', class: 'danger', onclick: () => remove(endpoint) },
          'Remove',
          el('span', { class: 'visually-hidden' }, ` ${endpoint.url}`),
        ),
      ),
    ),
  )
}

async function register(event) {
  event.preventDefault()
  const f = form.elements
  const eventTypes = [...form.querySelectorAll('input[name="eventTypes"]:checked')].map(
    (box) => box.value,
  )
  if (eventTypes.length === 0) return announce('Choose at least one event type.', 'error')
  try {
    const { endpoint, secret } = await adminApi('/v1/admin/webhooks', {
      method: 'POST',
      body: { url: f.url.value.trim(), description: f.description.value.trim(), eventTypes },
    })
    announce(
      `Registered ${endpoint.url}. Copy its signing secret now: it is not shown again.`,
      'ok',
    )
    show(
      document.getElementById('webhook-secret'),
      el(
        'div',
        { class: 'notice', role: 'group', 'aria-label': 'New signing secret' },
        el('p', {}, 'Signing secret of ', el('code', {}, endpoint.url), ', shown this once:'),
        el('p', {}, el('code', { 'data-testid': 'webhook-secret' }, secret)),
      ),
    )
    form.reset()
    await loadEndpoints()
  } catch (error) {
    announce(`Endpoint not registered: ${explain(error)}${details(error)}`, 'error')
  }
}

async function remove(endpoint) {
  if (!confirm(`Remove ${endpoint.url}? Its pending deliveries fail; past ones stay listed.`))
    return
  try {
    await adminApi(`/v1/admin/webhooks/${encodeURIComponent(endpoint.id)}`, { method: 'DELETE' })
    announce(`Removed ${endpoint.url}.`, 'ok')
    show(document.getElementById('webhook-secret'))
    await loadEndpoints()
  } catch (error) {
    announce(`Endpoint not removed: ${explain(error)}`, 'error')
  }
}

/** Lists the endpoint's latest deliveries (20), newest first, each with a Replay button. */
async function showDeliveries(endpoint, { focus = true } = {}) {
  watched = endpoint
  const target = document.getElementById('deliveries')
  try {
    const { items } = await adminApi(
      `/v1/ops/webhooks/deliveries?endpointId=${encodeURIComponent(endpoint.id)}&limit=20`,
    )
    const heading = el(
      'h3',
      { id: 'deliveries-heading', tabindex: -1 },
      'Deliveries to ',
      endpoint.url,
    )
    show(
      target,
      heading,
      items.length === 0
        ? el('p', {}, 'No deliveries yet: they appear once an event of its types happens.')
        : table(
            `Deliveries to ${endpoint.url}`,
            [
              'Event',
              'Status',
              { text: 'Attempts', num: true },
              'Last answer',
              'Created',
              'Replay',
            ],
            items.map((d) => deliveryRow(d, endpoint)),
          ),
      el(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => showDeliveries(endpoint, { focus: false }),
        },
        'Refresh deliveries',
      ),
    )
    if (focus) heading.focus()
  } catch (error) {
    announce(`Deliveries could not be loaded: ${explain(error)}`, 'error')
  }
}

function deliveryRow(d, endpoint) {
  const last = d.attemptLog.at(-1)
  return el(
    'tr',
    { 'data-delivery-id': d.id },
    el(
      'th',
      { scope: 'row' },
      d.eventType,
      el('div', { class: 'meta' }, el('code', {}, d.eventId)),
    ),
    el('td', {}, el('span', { class: `badge ${STATUS_BADGE[d.status] ?? ''}` }, d.status)),
    el('td', { class: 'num' }, String(d.attempts)),
    el(
      'td',
      {},
      last
        ? `${last.responseStatus ?? 'no answer'}${last.error ? `: ${last.error}` : ''} (${last.durationMs} ms)`
        : '—',
    ),
    el('td', {}, when(d.createdAt)),
    el(
      'td',
      {},
      el(
        'button',
        { type: 'button', class: 'secondary', onclick: () => replay(d, endpoint) },
        'Replay',
        el('span', { class: 'visually-hidden' }, ` ${d.eventType} ${d.eventId}`),
      ),
    ),
  )
}

async function replay(delivery, endpoint) {
  try {
    await adminApi(`/v1/ops/webhooks/deliveries/${encodeURIComponent(delivery.id)}/replay`, {
      method: 'POST',
    })
    announce(`Replaying ${delivery.eventType} to ${endpoint.url}.`, 'ok')
    await showDeliveries(endpoint, { focus: false })
    // The attempt runs from the queue a moment later: show its outcome once more after it.
    setTimeout(() => {
      if (watched?.id === endpoint.id) showDeliveries(endpoint, { focus: false })
    }, 3_000)
  } catch (error) {
    announce(`Not replayed: ${explain(error)}`, 'error')
  }
}
