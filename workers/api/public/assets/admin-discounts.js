/**
 * @module The admin area's Discounts section: every code with its uses (GET /v1/admin/discounts,
 * then GET /v1/admin/discounts/:id for each code's usage), and a form to create (POST) or edit
 * (PUT) one: percentage or fixed sum, on the order or some products or categories, minimum
 * subtotal, start and end, usage limits. A discount has no on/off flag: "Active" unticked ends
 * it now (its end set to this moment), which stops new uses and keeps its history.
 */

import { adminApi, details, invalid, moneyText, readMoney, readWhole } from './admin-shared.js'
import { announce, el, explain, money, show, storeCurrency, table, when } from './app.js'

const form = document.getElementById('discount-form')
const TARGET = { order: 'Whole order', products: 'Products', categories: 'Categories' }
let currency = 'EUR'
/** The discount being edited (null: a new code). */
let editing = null

/** Wires the form and loads the list. */
export async function initDiscounts() {
  form.addEventListener('submit', saveDiscount)
  form.elements.kind.addEventListener('change', showFields)
  form.elements.target.addEventListener('change', showFields)
  document.getElementById('discount-reset').addEventListener('click', () => editDiscount(null))
  // Emptied at once, before anything is awaited, so nothing typed meanwhile is wiped.
  editDiscount(null, { focus: false })
  currency = await storeCurrency()
  showFields()
  await loadDiscounts()
}

async function loadDiscounts() {
  try {
    const { items } = await adminApi('/v1/admin/discounts')
    const usage = new Map(
      await Promise.all(
        items
          .filter((d) => d.code !== null)
          .map(async (d) => [
            d.id,
            (await adminApi(`/v1/admin/discounts/${encodeURIComponent(d.id)}`).catch(() => null))
              ?.usage ?? null,
          ]),
      ),
    )
    show(
      document.getElementById('discounts'),
      items.length === 0
        ? el('p', {}, 'No discount codes yet.')
        : table(
            'Discount codes',
            ['Code', 'Off', 'Applies to', 'Valid', 'Used', 'State', 'Actions'],
            items.map((d) => row(d, usage.get(d.id) ?? null)),
          ),
    )
  } catch (error) {
    announce(`Discounts could not be loaded: ${explain(error)}`, 'error')
  }
}

/** `12.5 %` or `5,00 €`. */
function valueText(value) {
  return value.kind === 'percentage'
    ? `${value.basisPoints / 100} %`
    : money(value.amountMinor, value.currency)
}

function targetText(target) {
  if (target.kind === 'order') return TARGET.order
  const ids = target.kind === 'products' ? target.productIds : target.categoryIds
  return `${TARGET[target.kind]}: ${ids.join(', ')}`
}

/** `Always`, `From …`, `Until …` or `… – …`, in the page's locale. */
function validity(d) {
  if (d.startsAt === null && d.endsAt === null) return 'Always'
  if (d.startsAt === null) return `Until ${when(d.endsAt)}`
  if (d.endsAt === null) return `From ${when(d.startsAt)}`
  return `${when(d.startsAt)} – ${when(d.endsAt)}`
}

/** Scheduled, running, ended, or used up. */
function stateOf(d, usage, now = Date.now()) {
  if (d.endsAt !== null && now >= d.endsAt) return { text: 'Ended', kind: 'bad' }
  if (d.startsAt !== null && now < d.startsAt) return { text: 'Scheduled', kind: '' }
  if (usage?.remaining === 0) return { text: 'Used up', kind: 'bad' }
  return { text: 'Active', kind: 'ok' }
}

function row(d, usage) {
  const state = stateOf(d, usage)
  const name = d.code ?? 'Automatic promotion'
  const used = usage ? usage.committed + usage.reserved : null
  return el(
    'tr',
    { 'data-discount-id': d.id },
    el('th', { scope: 'row' }, d.code ? el('code', {}, d.code) : name),
    el('td', {}, valueText(d.value)),
    el(
      'td',
      {},
      targetText(d.target),
      d.minSubtotalMinor
        ? el('div', { class: 'meta' }, `from ${money(d.minSubtotalMinor, currency)}`)
        : null,
    ),
    el('td', {}, validity(d)),
    el(
      'td',
      {},
      used === null ? '—' : `${used} / ${d.usageLimit ?? '∞'}`,
      usage?.reserved ? el('div', { class: 'meta' }, `${usage.reserved} awaiting payment`) : null,
      d.perCustomerLimit
        ? el('div', { class: 'meta' }, `${d.perCustomerLimit} per customer`)
        : null,
    ),
    el('td', {}, el('span', { class: `badge ${state.kind}` }, state.text)),
    el(
      'td',
      {},
      el(
        'button',
        { type: 'button', class: 'secondary', onclick: () => editDiscount(d) },
        'Edit',
        el('span', { class: 'visually-hidden' }, ` ${name}`),
      ),
    ),
  )
}

/** `datetime-local` text in the page's time zone for epoch ms, and back. */
function localText(ms) {
  if (ms === null) return ''
  const d = new Date(ms)
  const pad = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
const epoch = (input) => (input.value ? new Date(input.value).getTime() : null)

/** Shows the value's label and the ids field for the chosen kind and target. */
function showFields() {
  const f = form.elements
  document.getElementById('d-value-label').textContent =
    f.kind.value === 'percentage' ? 'Percent off' : `Sum off (${currency})`
  document.getElementById('d-ids-field').hidden = f.target.value === 'order'
  document.getElementById('d-ids-label').textContent =
    f.target.value === 'categories'
      ? 'Categories (comma-separated, e.g. lighting)'
      : 'Product ids (comma-separated)'
  f.ids.required = f.target.value !== 'order'
}

/** Fills the form with a discount to edit, or empties it for a new code. */
function editDiscount(d, { focus = true } = {}) {
  editing = d
  form.reset()
  const f = form.elements
  f.id.value = d?.id ?? ''
  f.code.value = d?.code ?? ''
  f.code.disabled = Boolean(d)
  f.code.required = !d
  document.getElementById('discount-form-heading').textContent = d
    ? `Edit ${d.code ?? 'automatic promotion'}`
    : 'New discount code'
  document.getElementById('discount-submit').textContent = d ? 'Save code' : 'Create code'
  if (d) {
    f.kind.value = d.value.kind
    f.value.value =
      d.value.kind === 'percentage'
        ? String(d.value.basisPoints / 100)
        : moneyText(d.value.amountMinor, currency)
    f.target.value = d.target.kind
    f.ids.value =
      d.target.kind === 'products'
        ? d.target.productIds.join(', ')
        : d.target.kind === 'categories'
          ? d.target.categoryIds.join(', ')
          : ''
    f.min.value = d.minSubtotalMinor ? moneyText(d.minSubtotalMinor, currency) : ''
    f.startsAt.value = localText(d.startsAt)
    f.endsAt.value = localText(d.endsAt)
    f.usageLimit.value = d.usageLimit ?? ''
    f.perCustomerLimit.value = d.perCustomerLimit ?? ''
    f.active.checked = d.endsAt === null || d.endsAt > Date.now()
  }
  showFields()
  if (focus) {
    form.scrollIntoView({ block: 'start' })
    ;(d ? f.value : f.code).focus()
  }
}

/** A percentage (`12,5`) in basis points, exactly: at most two decimals, above 0, at most 100. */
function readBasisPoints(input) {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(input.value.trim())
  const bp = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : NaN
  if (!(bp >= 1 && bp <= 10_000))
    throw invalid(input, 'Percent off: enter a percentage above 0 and at most 100, e.g. 12.5.')
  input.removeAttribute('aria-invalid')
  return bp
}

/** The form as the API's Discount; throws at the first bad field. */
function readForm() {
  const f = form.elements
  const value =
    f.kind.value === 'percentage'
      ? { kind: 'percentage', basisPoints: readBasisPoints(f.value) }
      : { kind: 'fixed', amountMinor: readMoney(f.value, 'Sum off', currency), currency }
  const ids = f.ids.value
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean)
  if (f.target.value !== 'order' && ids.length === 0)
    throw invalid(f.ids, `Name the ${f.target.value} the discount applies to.`)
  const target =
    f.target.value === 'order'
      ? { kind: 'order' }
      : f.target.value === 'products'
        ? { kind: 'products', productIds: ids }
        : { kind: 'categories', categoryIds: ids }
  let startsAt = epoch(f.startsAt)
  let endsAt = epoch(f.endsAt)
  const now = Date.now()
  if (!f.active.checked) {
    // Ended now: a start still to come would lie after the end, so it goes.
    if (endsAt === null || endsAt > now) endsAt = now
    if (startsAt !== null && startsAt >= endsAt) startsAt = null
  } else if (endsAt !== null && endsAt <= now)
    throw invalid(f.endsAt, 'An active code needs an end in the future, or none.')
  const code = editing ? editing.code : f.code.value.trim().toUpperCase()
  return {
    id: editing ? editing.id : code.toLowerCase(),
    code,
    value,
    target,
    minSubtotalMinor: readMoney(f.min, 'Minimum subtotal', currency, { optional: true }) ?? 0,
    startsAt,
    endsAt,
    usageLimit: readWhole(f.usageLimit, 'Usage limit', { min: 1, optional: true }),
    perCustomerLimit: readWhole(f.perCustomerLimit, 'Uses per customer', {
      min: 1,
      optional: true,
    }),
  }
}

async function saveDiscount(event) {
  event.preventDefault()
  let body
  try {
    body = readForm()
  } catch (error) {
    return announce(error.message, 'error')
  }
  const id = editing?.id
  try {
    const saved = await adminApi(
      id ? `/v1/admin/discounts/${encodeURIComponent(id)}` : '/v1/admin/discounts',
      { method: id ? 'PUT' : 'POST', body },
    )
    announce(`${id ? 'Saved' : 'Created'} ${saved.code ?? 'the promotion'}.`, 'ok')
    editDiscount(null, { focus: false })
    await loadDiscounts()
  } catch (error) {
    announce(`Discount not saved: ${explain(error)}${details(error)}`, 'error')
  }
}
