/**
 * @module The admin area's Shipping & tax section: shipping zones with their countries and
 * methods (flat, free over a subtotal, by weight brackets), saved whole with PUT
 * /v1/admin/shipping-zones; and the tax settings (tax mode, origin country, shipping rule, rates
 * per country or region in percent, stored in parts per million) with PUT /v1/admin/tax-rates.
 */

import { adminApi, details, invalid, moneyText, parsePrice, readMoney } from './admin-shared.js'
import { announce, el, explain, money, show, storeCurrency, table } from './app.js'

const zoneForm = document.getElementById('zone-form')
const methodsBox = document.getElementById('zone-methods')
const taxForm = document.getElementById('tax-form')
const taxRows = document.getElementById('tax-rows')
const RATE_KINDS = { flat: 'Flat price', free_over: 'Free over a subtotal', weight: 'By weight' }
const SHIPPING_RULE = {
  standard: 'at the standard rate',
  reduced: 'at the reduced rate',
  zero: 'not taxed',
  proportional: "at the lines' rates, in proportion",
}

/**
 * The zones as last stored: every save sends the whole set, so none may be sent before they are
 * loaded (a zone added then would replace every stored zone with itself alone).
 */
let zones = null
/** Counts the saves that landed: a load that started before one of them is stale when it ends. */
let zoneSaves = 0
let taxSaves = 0
let currency = 'EUR'
let nextMethod = 0
let nextRate = 0

/** Wires the forms and loads the zones and the tax settings. */
export async function initShipping() {
  zoneForm.addEventListener('submit', saveZone)
  document.getElementById('add-method').addEventListener('click', () => addMethod().focus())
  document.getElementById('zone-reset').addEventListener('click', () => editZone(null))
  taxForm.addEventListener('submit', saveTax)
  document.getElementById('add-rate').addEventListener('click', () => addRate().focus())
  // Emptied at once, before anything is awaited, so nothing typed meanwhile is wiped.
  editZone(null, { focus: false })
  // Neither form saves before what it replaces is loaded; the tax form is filled by its load.
  ready(zoneForm, false)
  ready(taxForm, false)
  taxForm.inert = true
  currency = await storeCurrency()
  await Promise.all([loadZones(), loadTax()])
}

/** Lets a form submit (its button enabled) or not (disabled and marked busy while loading). */
function ready(form, yes) {
  form.querySelector('button[type="submit"]').disabled = !yes
  form.setAttribute('aria-busy', String(!yes))
}

async function loadZones() {
  const saves = zoneSaves
  try {
    const loaded = (await adminApi('/v1/admin/shipping-zones')).zones
    // A save that landed meanwhile drew what is stored now; this answer predates it.
    if (saves !== zoneSaves) return
    zones = loaded
    drawZones()
    ready(zoneForm, true)
  } catch (error) {
    announce(`Shipping zones could not be loaded: ${explain(error)}`, 'error')
  }
}

/** A rate in words: `4,90 €`, `4,90 €, free from 50,00 €`, `up to 1000 g 4,90 €; …`. */
function rateText(rate) {
  if (rate.kind === 'flat') return money(rate.amountMinor, currency)
  if (rate.kind === 'free_over')
    return `${money(rate.amountMinor, currency)}, free from ${money(rate.freeFromMinor, currency)}`
  return rate.brackets
    .map((b) => `up to ${b.upToGrams} g ${money(b.amountMinor, currency)}`)
    .join('; ')
}

function drawZones() {
  show(
    document.getElementById('zones'),
    zones.length === 0
      ? el('p', {}, 'No shipping zones: checkout offers no shipping methods.')
      : table(
          'Shipping zones',
          ['Zone', 'Countries', 'Methods', 'Actions'],
          zones.map((zone) =>
            el(
              'tr',
              { 'data-zone-id': zone.id },
              el(
                'th',
                { scope: 'row' },
                zone.name,
                el('div', { class: 'meta' }, el('code', {}, zone.id)),
              ),
              el('td', {}, zone.countries.join(', ')),
              el(
                'td',
                {},
                zone.methods.length === 0
                  ? 'None'
                  : el(
                      'ul',
                      { class: 'plain' },
                      zone.methods.map((m) =>
                        el(
                          'li',
                          {},
                          el('strong', {}, m.name),
                          ` (${RATE_KINDS[m.rate.kind].toLowerCase()}): ${rateText(m.rate)}`,
                        ),
                      ),
                    ),
              ),
              el(
                'td',
                {},
                el(
                  'div',
                  { class: 'actions' },
                  el(
                    'button',
                    { type: 'button', class: 'secondary', onclick: () => editZone(zone) },
                    'Edit',
                    el('span', { class: 'visually-hidden' }, ` zone ${zone.name}`),
                  ),
                  el(
                    'button',
                    { type: 'button', class: 'danger', onclick: () => removeZone(zone) },
                    'Remove',
                    el('span', { class: 'visually-hidden' }, ` zone ${zone.name}`),
                  ),
                ),
              ),
            ),
          ),
        ),
  )
}

/** Fills the zone form with a zone to edit, or empties it for a new one with one flat method. */
function editZone(zone, { focus = true } = {}) {
  zoneForm.reset()
  methodsBox.replaceChildren()
  nextMethod = 0
  const f = zoneForm.elements
  f.original.value = zone?.id ?? ''
  f.id.value = zone?.id ?? ''
  f.name.value = zone?.name ?? ''
  f.countries.value = zone?.countries.join(', ') ?? ''
  document.getElementById('zone-form-heading').textContent = zone
    ? `Edit zone ${zone.name}`
    : 'New zone'
  document.getElementById('zone-submit').textContent = zone ? 'Save zone' : 'Add zone'
  if (zone) for (const m of zone.methods) addMethod(m)
  else addMethod()
  if (focus) {
    zoneForm.scrollIntoView({ block: 'start' })
    f.id.focus()
  }
}

/** Adds a method's fieldset to the zone form (empty for a new one); returns its first input. */
function addMethod(method) {
  const n = ++nextMethod
  const field = (name, label, control, attrs = {}) => {
    const id = `m${n}-${name}`
    return el(
      'div',
      { class: 'field', 'data-field': name, ...attrs },
      el('label', { for: id }, label),
      control(id),
    )
  }
  const input =
    (name, extra = {}) =>
    (id) =>
      el('input', { id, name: `m-${name}`, autocomplete: 'off', ...extra })
  const kind = el(
    'select',
    { id: `m${n}-kind`, name: 'm-kind' },
    Object.entries(RATE_KINDS).map(([value, text]) => el('option', { value }, text)),
  )
  const box = el(
    'fieldset',
    { class: 'method' },
    el('legend', {}, `Method ${n}`),
    el(
      'div',
      { class: 'grid' },
      field('id', `Method id of method ${n}`, input('id', { required: true, maxLength: 64 })),
      field('name', `Name of method ${n}`, input('name', { required: true, maxLength: 100 })),
      field('kind', `Rate of method ${n}`, () => kind),
      field('price', `Price of method ${n}`, input('price', { inputMode: 'decimal' })),
      field('free', `Free from subtotal, method ${n}`, input('free', { inputMode: 'decimal' })),
    ),
    field('brackets', `Weight brackets of method ${n}: one a line, up to grams = price`, (id) =>
      el('textarea', {
        id,
        name: 'm-brackets',
        rows: 3,
        placeholder: '1000 = 4,90\n5000 = 9,90',
      }),
    ),
    el(
      'button',
      { type: 'button', class: 'secondary', onclick: () => box.remove() },
      'Remove',
      el('span', { class: 'visually-hidden' }, ` method ${n}`),
    ),
  )
  const get = (name) => box.querySelector(`[name="m-${name}"]`)
  const showKind = () => {
    const k = kind.value
    box.querySelector('[data-field="price"]').hidden = k === 'weight'
    box.querySelector('[data-field="free"]').hidden = k !== 'free_over'
    box.querySelector('[data-field="brackets"]').hidden = k !== 'weight'
  }
  kind.addEventListener('change', showKind)
  if (method) {
    get('id').value = method.id
    get('name').value = method.name
    kind.value = method.rate.kind
    if (method.rate.kind !== 'weight')
      get('price').value = moneyText(method.rate.amountMinor, currency)
    if (method.rate.kind === 'free_over')
      get('free').value = moneyText(method.rate.freeFromMinor, currency)
    if (method.rate.kind === 'weight')
      get('brackets').value = method.rate.brackets
        .map((b) => `${b.upToGrams} = ${moneyText(b.amountMinor, currency)}`)
        .join('\n')
  }
  showKind()
  methodsBox.append(box)
  return get('id')
}

/** The method fieldsets as the API's methods; throws at the first bad field. */
function readMethods() {
  return [...methodsBox.querySelectorAll('fieldset.method')].map((box, i) => {
    const get = (name) => box.querySelector(`[name="m-${name}"]`)
    const label = `Method ${i + 1}`
    const kind = get('kind').value
    let rate
    if (kind === 'flat')
      rate = { kind, amountMinor: readMoney(get('price'), `${label}, price`, currency) }
    else if (kind === 'free_over')
      rate = {
        kind,
        amountMinor: readMoney(get('price'), `${label}, price`, currency),
        freeFromMinor: readMoney(get('free'), `${label}, free from`, currency),
      }
    else rate = { kind, brackets: readBrackets(get('brackets'), label) }
    return { id: get('id').value.trim(), name: get('name').value.trim(), rate }
  })
}

/** `1000 = 4,90` lines into brackets, in the order typed (the API checks that they grow). */
function readBrackets(textarea, label) {
  const lines = textarea.value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  if (lines.length === 0) throw invalid(textarea, `${label}: add at least one weight bracket.`)
  const brackets = lines.map((line) => {
    const match = /^(\d+)\s*g?\s*[=:]\s*(.+)$/.exec(line)
    if (!match)
      throw invalid(textarea, `${label}: “${line}” is not “grams = price”, e.g. 1000 = 4,90.`)
    try {
      return {
        upToGrams: Number(match[1]),
        amountMinor: parsePrice(match[2], `${label}, bracket “${line}”`, currency),
      }
    } catch (error) {
      throw invalid(textarea, error.message)
    }
  })
  textarea.removeAttribute('aria-invalid')
  return brackets
}

/** Codes typed with commas or spaces between them, upper-cased. */
const codes = (text) =>
  text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean)

async function saveZone(event) {
  event.preventDefault()
  const f = zoneForm.elements
  let zone
  try {
    zone = {
      id: f.id.value.trim(),
      name: f.name.value.trim(),
      countries: codes(f.countries.value),
      methods: readMethods(),
    }
  } catch (error) {
    return announce(error.message, 'error')
  }
  if (zones === null) return announce('The shipping zones are still loading.', 'error')
  const original = f.original.value
  const next = original ? zones.map((z) => (z.id === original ? zone : z)) : [...zones, zone]
  if (await putZones(next, `Zone “${zone.name}” saved.`)) editZone(null, { focus: false })
}

async function removeZone(zone) {
  if (!confirm(`Remove the zone “${zone.name}”? Its countries can no longer be shipped to.`)) return
  await putZones(
    zones.filter((z) => z.id !== zone.id),
    `Zone “${zone.name}” removed.`,
  )
}

/** Stores the whole set of zones; true when the API took it. */
async function putZones(next, done) {
  try {
    zones = (await adminApi('/v1/admin/shipping-zones', { method: 'PUT', body: { zones: next } }))
      .zones
    zoneSaves++
    drawZones()
    announce(done, 'ok')
    return true
  } catch (error) {
    announce(`Shipping zones not saved: ${explain(error)}${zoneDetails(error, next)}`, 'error')
    return false
  }
}

/** Refusal details with a zone's position (`zones.1.countries`) named by its id instead. */
function zoneDetails(error, next) {
  const issues = Array.isArray(error?.details) ? error.details : []
  return details({
    details: issues.map((i) => {
      const match = /^zones\.(\d+)\.?(.*)$/.exec(String(i?.path ?? ''))
      const zone = match ? next[Number(match[1])] : undefined
      return zone ? { ...i, path: `zone ${zone.id}${match[2] ? `, ${match[2]}` : ''}` } : i
    }),
  })
}

// --------------------------------------------------------------------------------------------
// Tax settings.

async function loadTax() {
  const saves = taxSaves
  try {
    const loaded = (await adminApi('/v1/admin/tax-rates')).tax
    if (saves !== taxSaves) return
    drawTax(loaded)
    taxForm.inert = false
    ready(taxForm, true)
  } catch (error) {
    announce(`Tax settings could not be loaded: ${explain(error)}`, 'error')
  }
}

/** Fills the tax form with the stored settings (null: none yet, so no tax is collected). */
function drawTax(tax) {
  const f = taxForm.elements
  f.pricesIncludeTax.checked = tax?.pricesIncludeTax ?? false
  f.originCountry.value = tax?.originCountry ?? ''
  f.shipping.value = tax?.shipping ?? 'standard'
  taxRows.replaceChildren()
  nextRate = 0
  for (const rate of tax?.rates ?? []) addRate(rate)
  document.getElementById('tax-summary').textContent = !tax
    ? 'No tax settings yet: no tax is collected.'
    : `Prices ${tax.pricesIncludeTax ? 'include' : 'exclude'} tax; shipping is ${SHIPPING_RULE[tax.shipping]}; ` +
      (tax.rates.length === 0
        ? 'no rates, so no tax is collected.'
        : `rates for ${tax.rates.map((r) => (r.region ? `${r.country}-${r.region}` : r.country)).join(', ')}.`)
}

/** `190000` ppm as `19`, `88750` as `8.875` (a dot: the input takes either). */
const percentText = (ppm) => String(ppm / 10_000)

/**
 * A percentage typed with a dot or a comma (`19`, `8,875`) in parts per million, exactly: at
 * most four decimals, 0 to 100.
 */
function readPercent(input, label) {
  const text = input.value.trim().replace(',', '.')
  const match = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(text)
  const ppm = match ? Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0')) : NaN
  if (!(ppm >= 0 && ppm <= 1_000_000))
    throw invalid(input, `${label}: enter a percentage from 0 to 100, e.g. 19 or 8.875.`)
  input.removeAttribute('aria-invalid')
  return ppm
}

/** Adds a row for a rate (empty for a new one) and returns its first input. */
function addRate(rate) {
  const n = ++nextRate
  const cell = (name, label, attrs) => {
    const id = `r${n}-${name}`
    return el(
      'td',
      { 'data-label': label },
      el('label', { class: 'visually-hidden', for: id }, `${label} of rate ${n}`),
      el('input', { id, name: `r-${name}`, autocomplete: 'off', ...attrs }),
    )
  }
  const tr = el(
    'tr',
    { class: 'row-editor' },
    cell('country', 'Country', { required: true, maxLength: 2, placeholder: 'DE' }),
    cell('region', 'Region', { maxLength: 50, placeholder: 'e.g. NY' }),
    cell('standard', 'Standard %', { required: true, inputMode: 'decimal' }),
    cell('reduced', 'Reduced %', { required: true, inputMode: 'decimal' }),
    el(
      'td',
      {},
      el(
        'button',
        { type: 'button', class: 'secondary', onclick: () => tr.remove() },
        'Remove',
        el('span', { class: 'visually-hidden' }, ` rate ${n}`),
      ),
    ),
  )
  const get = (name) => tr.querySelector(`[name="r-${name}"]`)
  if (rate) {
    get('country').value = rate.country
    get('region').value = rate.region ?? ''
    get('standard').value = percentText(rate.standardPpm)
    get('reduced').value = percentText(rate.reducedPpm)
  }
  taxRows.append(tr)
  return get('country')
}

async function saveTax(event) {
  event.preventDefault()
  const f = taxForm.elements
  let tax
  try {
    const rates = [...taxRows.children].map((tr, i) => {
      const get = (name) => tr.querySelector(`[name="r-${name}"]`)
      const region = get('region').value.trim()
      return {
        country: get('country').value.trim().toUpperCase(),
        ...(region ? { region } : {}),
        standardPpm: readPercent(get('standard'), `Rate ${i + 1}, standard`),
        reducedPpm: readPercent(get('reduced'), `Rate ${i + 1}, reduced`),
      }
    })
    tax = {
      pricesIncludeTax: f.pricesIncludeTax.checked,
      originCountry: f.originCountry.value.trim().toUpperCase(),
      shipping: f.shipping.value,
      rates,
    }
  } catch (error) {
    return announce(error.message, 'error')
  }
  try {
    const saved = await adminApi('/v1/admin/tax-rates', { method: 'PUT', body: { tax } })
    taxSaves++
    drawTax(saved.tax)
    announce('Tax settings saved.', 'ok')
  } catch (error) {
    announce(`Tax settings not saved: ${explain(error)}${details(error)}`, 'error')
  }
}
