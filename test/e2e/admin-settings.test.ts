/**
 * @module Staff set the shop up in the browser, on a desktop and a phone: a shipping zone with a
 * flat method (and a zone that overlaps it refused with the API's reason), the tax settings with
 * rates in percent, a discount code (then ended with "Active" unticked), a webhook endpoint
 * registered and removed, the deliveries of a real receiver started here replayed, and a
 * variant's weight and its product's tax class; each checked through the API. The store's zones
 * and tax are put back (no zones, no tax) after this file, so the other files' lean checkouts
 * are unchanged, and its webhook endpoints are removed.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminProduct, call, shopperSession, uniqueSku } from './api'
import { openBrowser, screenshot, seriousViolations } from './browser'
import { adminKey, url } from './platform'

const SCREENS = [
  { name: 'desktop', width: 1280, height: 800, countries: ['AT', 'CH'] },
  { name: 'phone', width: 390, height: 844, countries: ['NL'] },
] as const
const run = crypto.randomUUID().slice(0, 6)
let browser: Awaited<ReturnType<typeof openBrowser>>

type Zone = {
  id: string
  name: string
  countries: string[]
  methods: { id: string; name: string; rate: { kind: string; amountMinor?: number } }[]
}
type Delivery = { id: string; eventId: string; status: string; attempts: number }
type Endpoint = { id: string; url: string; eventTypes: string[] }

/** A receiver of the shop's webhooks on this machine: it answers 200 and keeps each event. */
let receiver: Server
const received: { id: string; type: string }[] = []
let hookUrl = ''
let hookId = ''

const admin = <T>(path: string, init: { method?: string; body?: unknown } = {}) =>
  call<T>(path, { ...init, token: adminKey })

/** Polls `read` until `done` holds of its answer (30 s at most), and returns that answer. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read()
  for (let i = 0; i < 60 && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 500))
    value = await read()
  }
  expect(done(value)).toBe(true)
  return value
}

const deliveries = () =>
  admin<{ items: Delivery[] }>(`/v1/ops/webhooks/deliveries?endpointId=${hookId}`).then(
    (page) => page.items,
  )

beforeAll(async () => {
  browser = await openBrowser()
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      received.push(JSON.parse(body))
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${run}`
  hookId = (
    await admin<{ endpoint: Endpoint }>('/v1/admin/webhooks', {
      method: 'POST',
      body: { url: hookUrl, description: 'e2e receiver', eventTypes: ['order.placed'] },
    })
  ).endpoint.id
  // One order while the store has no zones yet (a lean checkout), so the receiver has a delivery.
  const session = await shopperSession('settings')
  const sku = uniqueSku('HOOK')
  await adminProduct(`Hook Kettle ${run}`, [sku], 3)
  await call('/v1/orders', {
    method: 'POST',
    token: session.token,
    body: { items: [{ sku, quantity: 1 }] },
    headers: { 'Idempotency-Key': `settings-${crypto.randomUUID()}` },
  })
  await until(deliveries, (items) => items.some((d) => d.status === 'delivered'))
})

afterAll(async () => {
  await admin('/v1/admin/shipping-zones', { method: 'PUT', body: { zones: [] } })
  await admin('/v1/admin/tax-rates', {
    method: 'PUT',
    body: {
      tax: { pricesIncludeTax: false, originCountry: 'DE', shipping: 'standard', rates: [] },
    },
  })
  const { items } = await admin<{ items: Endpoint[] }>('/v1/admin/webhooks')
  for (const endpoint of items.filter((e) => e.url.includes(run) || e.id === hookId))
    await admin(`/v1/admin/webhooks/${endpoint.id}`, { method: 'DELETE' }).catch(() => {})
  await new Promise((resolve) => receiver?.close(resolve))
  await browser?.close()
})

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

/** No sideways scroll, no serious axe violation, and a screenshot. */
async function looksRight(page: Page, width: number, name: string) {
  expect(await pageWidth(page)).toBeLessThanOrEqual(width)
  expect(await seriousViolations(page)).toEqual([])
  await screenshot(page, name)
}

async function openSection(page: Page, link: string) {
  await page
    .getByRole('navigation', { name: 'Admin sections' })
    .getByRole('link', { name: link })
    .click()
  await page.getByRole('heading', { name: link, exact: true, level: 2 }).waitFor()
}

describe.each(SCREENS)('admin settings on a $name screen', (screen) => {
  const tag = `${screen.name}-${run}`

  it('sets up shipping, tax, a discount code, webhooks and a variant weight', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: screen.width, height: screen.height })
    await page.goto(`${url}/admin/#shipping`)
    await page.getByLabel('Admin API key').fill(adminKey)
    await page.getByRole('button', { name: 'Use key' }).click()
    await page.getByRole('heading', { name: 'Shipping & tax', level: 2 }).waitFor()
    const status = page.getByRole('status').first()
    const says = (text: string | RegExp) =>
      expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(text)

    // A zone with one flat method, priced with a decimal comma.
    const zoneId = `zone-${tag}`
    const zoneForm = page.locator('#zone-form')
    await zoneForm.getByLabel('Zone id').fill(zoneId)
    await zoneForm.getByLabel('Zone name').fill(`Parcels ${screen.name}`)
    await zoneForm.getByLabel(/^Countries/).fill(screen.countries.join(', ').toLowerCase())
    await zoneForm.getByLabel(/^Method id of method/).fill(`flat-${tag}`)
    await zoneForm.getByLabel(/^Name of method/).fill('Standard parcel')
    await zoneForm.getByLabel(/^Rate of method/).selectOption('flat')
    await zoneForm.getByLabel(/^Price of method/).fill('4,90')
    await zoneForm.getByRole('button', { name: 'Add zone' }).click()
    await says(`Zone “Parcels ${screen.name}” saved.`)
    const { zones } = await admin<{ zones: Zone[] }>('/v1/admin/shipping-zones')
    expect(zones.find((z) => z.id === zoneId)).toEqual({
      id: zoneId,
      name: `Parcels ${screen.name}`,
      countries: [...screen.countries],
      methods: [
        { id: `flat-${tag}`, name: 'Standard parcel', rate: { kind: 'flat', amountMinor: 490 } },
      ],
    })
    await page
      .getByRole('region', { name: 'Shipping zones' })
      .locator('tr', { hasText: zoneId })
      .getByText('Standard parcel')
      .waitFor()

    // A second zone claiming the same country: the API's reason in the status, nothing written.
    await zoneForm.getByLabel('Zone id').fill(`dup-${tag}`)
    await zoneForm.getByLabel('Zone name').fill('Overlap')
    await zoneForm.getByLabel(/^Countries/).fill(screen.countries[0])
    await zoneForm.getByLabel(/^Method id of method/).fill(`dup-${tag}`)
    await zoneForm.getByLabel(/^Name of method/).fill('Overlap post')
    await zoneForm.getByLabel(/^Price of method/).fill('1.00')
    await zoneForm.getByRole('button', { name: 'Add zone' }).click()
    await says(`${screen.countries[0]} is already in zone ${zoneId}`)
    expect(await status.getAttribute('data-kind')).toBe('error')
    expect(
      (await admin<{ zones: Zone[] }>('/v1/admin/shipping-zones')).zones.map((z) => z.id),
    ).not.toContain(`dup-${tag}`)
    await zoneForm.getByRole('button', { name: 'New zone instead' }).click()

    // Tax: prices include it, shipping split over the lines, DE 19/7 % and New York 8.875 %.
    const taxForm = page.locator('#tax-form')
    await page.locator('#tax-summary').filter({ hasText: /tax/ }).waitFor()
    const removeRate = taxForm.getByRole('button', { name: /^Remove rate/ })
    while ((await removeRate.count()) > 0) await removeRate.first().click()
    await taxForm.getByLabel('Prices include tax').check()
    await taxForm.getByLabel(/^Origin country/).fill('de')
    await taxForm.getByLabel('Shipping is taxed at').selectOption('proportional')
    await taxForm.getByRole('button', { name: 'Add rate' }).click()
    await taxForm.getByRole('button', { name: 'Add rate' }).click()
    const rate = (label: string, i: number) =>
      taxForm.getByLabel(new RegExp(`^${label} of rate`)).nth(i)
    await rate('Country', 0).fill('DE')
    await rate('Standard %', 0).fill('19')
    await rate('Reduced %', 0).fill('7')
    await rate('Country', 1).fill('us')
    await rate('Region', 1).fill('ny')
    await rate('Standard %', 1).fill('8,875')
    await rate('Reduced %', 1).fill('0')
    await taxForm.getByRole('button', { name: 'Save tax settings' }).click()
    await says('Tax settings saved.')
    expect((await admin<{ tax: unknown }>('/v1/admin/tax-rates')).tax).toEqual({
      pricesIncludeTax: true,
      originCountry: 'DE',
      shipping: 'proportional',
      rates: [
        { country: 'DE', standardPpm: 190_000, reducedPpm: 70_000 },
        { country: 'US', region: 'NY', standardPpm: 88_750, reducedPpm: 0 },
      ],
    })
    await page.getByText('rates for DE, US-NY').waitFor()
    await looksRight(page, screen.width, `${screen.name}-admin-shipping-tax`)

    // A discount code: 12.5 % off orders from 20.00, 50 uses, one a customer.
    await openSection(page, 'Discounts')
    const code = `E2E-${tag}`.toUpperCase()
    const discountForm = page.locator('#discount-form')
    await discountForm.getByLabel('Code', { exact: true }).fill(code.toLowerCase())
    await discountForm.getByLabel('Kind', { exact: true }).selectOption('percentage')
    await discountForm.getByLabel('Percent off').fill('12,5')
    await discountForm.getByLabel('Applies to', { exact: true }).selectOption('order')
    await discountForm.getByLabel(/^Minimum subtotal/).fill('20,00')
    await discountForm.getByLabel(/^Usage limit/).fill('50')
    await discountForm.getByLabel(/^Uses per customer/).fill('1')
    await discountForm.getByRole('button', { name: 'Create code' }).click()
    await says(`Created ${code}.`)
    type Detail = {
      discount: Record<string, unknown> & { endsAt: number | null }
      usage: { remaining: number | null }
    }
    const id = code.toLowerCase()
    const created = await admin<Detail>(`/v1/admin/discounts/${id}`)
    expect(created.discount).toEqual({
      id,
      code,
      value: { kind: 'percentage', basisPoints: 1_250 },
      target: { kind: 'order' },
      minSubtotalMinor: 2_000,
      startsAt: null,
      endsAt: null,
      usageLimit: 50,
      perCustomerLimit: 1,
    })
    expect(created.usage.remaining).toBe(50)
    const list = page.getByRole('region', { name: 'Discount codes' })
    const row = list.locator('tr', { hasText: code })
    await row.getByText('0 / 50').waitFor()
    expect(await row.locator('td[data-label="State"]').textContent()).toBe('Active')
    await looksRight(page, screen.width, `${screen.name}-admin-discounts`)

    // Unticking "Active" ends the code now.
    await row.getByRole('button', { name: `Edit ${code}` }).click()
    await discountForm.getByRole('checkbox', { name: /^Active/ }).uncheck()
    await discountForm.getByRole('button', { name: 'Save code' }).click()
    await says(`Saved ${code}.`)
    const ended = await admin<Detail>(`/v1/admin/discounts/${id}`)
    expect(ended.discount.endsAt).not.toBeNull()
    expect(ended.discount.endsAt as number).toBeLessThanOrEqual(Date.now())
    expect(ended.discount.value).toEqual({ kind: 'percentage', basisPoints: 1_250 })
    await expect
      .poll(() => row.locator('td[data-label="State"]').textContent(), { timeout: 10_000 })
      .toBe('Ended')

    // Webhooks: register an endpoint (its secret shown once), see it listed, remove it.
    await openSection(page, 'Webhooks')
    const endpointUrl = `https://hooks.example.test/${tag}`
    const webhookForm = page.locator('#webhook-form')
    await webhookForm.getByLabel(/^Endpoint URL/).fill(endpointUrl)
    await webhookForm.getByLabel(/^Note/).fill('ERP')
    await webhookForm.getByRole('checkbox', { name: /^Stock low/ }).uncheck()
    await webhookForm.getByRole('checkbox', { name: /^Stock out/ }).uncheck()
    await webhookForm.getByRole('button', { name: 'Register endpoint' }).click()
    await says(`Registered ${endpointUrl}.`)
    expect(await page.getByTestId('webhook-secret').textContent()).toMatch(/\S{16,}/)
    const registered = (await admin<{ items: Endpoint[] }>('/v1/admin/webhooks')).items.find(
      (e) => e.url === endpointUrl,
    )
    expect(registered?.eventTypes).toEqual([
      'order.placed',
      'order.paid',
      'order.fulfilled',
      'order.refunded',
      'order.cancelled',
    ])
    const endpoints = page.getByRole('region', { name: 'Webhook endpoints' })
    await endpoints.locator('tr', { hasText: endpointUrl }).waitFor()

    // The receiver's delivery: delivered, replayed from here, received again with the same event.
    await endpoints.getByRole('button', { name: `Deliveries to ${hookUrl}` }).click()
    const shown = page.getByRole('region', { name: `Deliveries to ${hookUrl}` })
    await shown.getByText('delivered').first().waitFor()
    const before = received.length
    const [first] = await deliveries()
    await shown
      .getByRole('button', { name: /^Replay/ })
      .first()
      .click()
    await says(`Replaying order.placed to ${hookUrl}.`)
    await until(
      async () => received.length,
      (n) => n > before,
    )
    expect(received.at(-1)?.id).toBe(first?.eventId)
    const replayed = await until(deliveries, (items) =>
      items.some(
        (d) =>
          d.id === first?.id && d.status === 'delivered' && d.attempts > (first?.attempts ?? 0),
      ),
    )
    expect(replayed.find((d) => d.id === first?.id)?.attempts).toBe((first?.attempts ?? 0) + 1)
    // The page shows the replay's outcome by itself a moment later.
    const attempts = String((first?.attempts ?? 0) + 1)
    await shown
      .locator('tr', { hasText: first?.eventId ?? '' })
      .locator('td[data-label="Attempts"]', { hasText: attempts })
      .waitFor()
    expect(
      await shown
        .locator('tr', { hasText: first?.eventId ?? '' })
        .getByText('delivered')
        .count(),
    ).toBe(1)
    await looksRight(page, screen.width, `${screen.name}-admin-webhooks`)

    page.once('dialog', (dialog) => dialog.accept())
    await endpoints.getByRole('button', { name: `Remove ${endpointUrl}` }).click()
    await says(`Removed ${endpointUrl}.`)
    expect(
      (await admin<{ items: Endpoint[] }>('/v1/admin/webhooks')).items.map((e) => e.url),
    ).not.toContain(endpointUrl)

    // A variant's weight and the product's tax class, in the product editor.
    const sku = uniqueSku('WG')
    const title = `Weighed Vase ${tag}`
    const product = await adminProduct(title, [sku], 2)
    await openSection(page, 'Products')
    await page.locator('#pl-q').fill(sku)
    await page.getByRole('button', { name: 'Show', exact: true }).click()
    await page.getByRole('button', { name: `Edit ${title}` }).click()
    const edit = page.getByRole('form', { name: `Edit ${title}` })
    await edit.getByLabel(/^Weight in grams of variant/).fill('750')
    await edit.getByLabel('Tax class').selectOption('reduced')
    await edit.getByRole('button', { name: 'Save changes' }).click()
    await says(`Saved “${title}”`)
    const listed = await admin<{
      items: {
        id: string
        version: number
        taxClass: string
        variants: { sku: string; weightGrams?: number; priceMinor: number }[]
      }[]
    }>(`/v1/admin/products?q=${sku}`)
    const saved = listed.items.find((p) => p.id === product.id)
    expect(saved?.taxClass).toBe('reduced')
    expect(saved?.variants).toEqual([
      expect.objectContaining({ sku, weightGrams: 750, priceMinor: 1_990 }),
    ])
    // The list reloads by itself after the save: the product's row shows the saved version. While
    // it does not, the poll reads what the page shows instead, so a miss says what was there.
    const productRow = page.locator(`#products tr[data-product-id="${saved?.id}"]`).first()
    await expect
      .poll(
        async () =>
          (await productRow.count())
            ? productRow.textContent({ timeout: 2_000 }).catch((err) => String(err))
            : `no row; the list: ${await page.locator('#products').textContent()}; the status: ${await status.textContent()}`,
        { timeout: 15_000 },
      )
      .toContain(`· v${saved?.version}`)
    // Opened again from that list, the editor shows what is stored. The click has a bound of its
    // own, so a button that cannot be clicked fails with Playwright's account of why.
    await productRow.getByRole('button', { name: `Edit ${title}` }).click({ timeout: 15_000 })
    expect(
      await edit.getByLabel(/^Weight in grams of variant/).inputValue({ timeout: 5_000 }),
    ).toBe('750')
    expect(await edit.getByLabel('Tax class').inputValue()).toBe('reduced')
    await looksRight(page, screen.width, `${screen.name}-admin-variant-weight`)
    await page.close()
  })
})

describe('admin shipping zones while they load', () => {
  it('saves no zone before the stored ones are loaded, then keeps them', async () => {
    // A zone already stored (another admin's); every save sends the whole set of zones.
    const kept: Zone = {
      id: `kept-${run}`,
      name: 'Kept parcels',
      countries: ['BE'],
      methods: [{ id: `kept-${run}`, name: 'Kept post', rate: { kind: 'flat', amountMinor: 500 } }],
    }
    const { zones: before } = await admin<{ zones: Zone[] }>('/v1/admin/shipping-zones')
    await admin('/v1/admin/shipping-zones', { method: 'PUT', body: { zones: [...before, kept] } })

    const page = await browser.context.newPage()
    // The section's read of the stored zones is held back until the new zone is typed.
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    await page.route('**/v1/admin/shipping-zones', async (route) => {
      if (route.request().method() === 'GET') await held
      await route.continue()
    })
    await page.goto(`${url}/admin/#shipping`)
    await page.getByLabel('Admin API key').fill(adminKey)
    await page.getByRole('button', { name: 'Use key' }).click()
    await page.getByRole('heading', { name: 'Shipping & tax', level: 2 }).waitFor()
    const zoneForm = page.locator('#zone-form')
    await zoneForm.getByLabel('Zone id').fill(`late-${run}`)
    await zoneForm.getByLabel('Zone name').fill('Late parcels')
    await zoneForm.getByLabel(/^Countries/).fill('LU')
    await zoneForm.getByLabel(/^Method id of method/).fill(`late-${run}`)
    await zoneForm.getByLabel(/^Name of method/).fill('Late post')
    await zoneForm.getByLabel(/^Price of method/).fill('3,00')
    const submit = zoneForm.getByRole('button', { name: 'Add zone' })
    expect(await submit.isDisabled()).toBe(true)
    expect(await zoneForm.getAttribute('aria-busy')).toBe('true')

    release()
    await submit.click() // waits until the button is enabled: the zones are loaded
    const status = page.getByRole('status').first()
    await expect
      .poll(() => status.textContent(), { timeout: 15_000 })
      .toMatch('Zone “Late parcels” saved.')
    const { zones } = await admin<{ zones: Zone[] }>('/v1/admin/shipping-zones')
    expect(zones.map((z) => z.id)).toEqual([...before.map((z) => z.id), kept.id, `late-${run}`])
    await page
      .getByRole('region', { name: 'Shipping zones' })
      .locator('tr', { hasText: kept.id })
      .waitFor()
    await page.close()
  })
})
