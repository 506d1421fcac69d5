/**
 * @module The admin area's Stock section: stock movements (receive, adjust) and hot-SKU sharding
 * (split a SKU over shard objects, show its stock per object).
 */

import { adminApi, details } from './admin-shared.js'
import { announce, el, explain, show, table } from './app.js'

/** Wires the section's forms. */
export function initStock() {
  document.getElementById('stock-form').addEventListener('submit', adjustStock)
  document.getElementById('split-form').addEventListener('submit', splitStock)
  document.getElementById('split-show').addEventListener('click', () => showSplit())
}

async function adjustStock(event) {
  event.preventDefault()
  const f = event.currentTarget.elements
  const units = Number(f.quantity.value)
  const sku = f.sku.value.trim()
  const body =
    f.kind.value === 'receive'
      ? { receive: units, reason: f.reason.value.trim() }
      : { delta: units, reason: f.reason.value.trim() }
  try {
    const levels = await adminApi(`/v1/admin/inventory/${encodeURIComponent(sku)}/adjust`, {
      method: 'POST',
      body,
    })
    announce(`Stock of ${levels.sku} changed: ${levels.available} available.`, 'ok')
    show(
      document.getElementById('stock-result'),
      el(
        'dl',
        { class: 'figures', 'aria-label': `Stock of ${levels.sku}` },
        ['available', 'onHand', 'reserved', 'sold', 'received', 'adjusted'].map((k) =>
          el('div', {}, el('dt', {}, k), el('dd', { 'data-figure': k }, String(levels[k]))),
        ),
      ),
    )
  } catch (error) {
    announce(`Stock not changed: ${explain(error)}${details(error)}`, 'error')
  }
}

async function splitStock(event) {
  event.preventDefault()
  const f = event.currentTarget.elements
  const sku = f.sku.value.trim()
  try {
    const split = await adminApi(`/v1/admin/inventory/${encodeURIComponent(sku)}/shards`, {
      method: 'PUT',
      body: { shards: Number(f.shards.value) },
    })
    announce(`${split.sku} now sells from ${split.shards || 'no'} shards.`, 'ok')
    await showSplit(split.sku)
  } catch (error) {
    announce(`Not split: ${explain(error)}${details(error)}`, 'error')
  }
}

/** The SKU's stock in total and per object (its pool, then each shard). */
async function showSplit(sku = document.getElementById('x-sku').value.trim()) {
  if (!sku) return announce('Enter the SKU to show.', 'error')
  try {
    const d = await adminApi(`/v1/admin/inventory/${encodeURIComponent(sku)}`)
    const num = (text) => ({ text, num: true })
    const row = (o, label) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, label),
        ['available', 'reserved', 'sold', 'onHand', 'inTransit'].map((k) =>
          el('td', { class: 'num' }, String(o[k])),
        ),
      )
    show(
      document.getElementById('split-result'),
      table(
        `Stock of ${d.sku} by object`,
        [
          'Object',
          num('Available'),
          num('Reserved'),
          num('Sold'),
          num('On hand'),
          num('In transit'),
        ],
        [
          ...d.objects.map((o) => row(o, o.name === d.sku ? `${o.name} (pool)` : o.name)),
          row(d.total, 'Total'),
        ],
      ),
    )
  } catch (error) {
    announce(`Split not shown: ${explain(error)}`, 'error')
  }
}
