/**
 * @module Staff work an order in the browser, on a desktop and a phone: find it by the shopper's
 * email, open its detail (lines, totals, payment, timeline), refund one unit and then an amount,
 * see an over-refund refused; then find the shopper in the customer list with their spend.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminProduct, call, shopperSession, uniqueSku } from './api'
import { openBrowser, screenshot, seriousViolations } from './browser'
import { adminKey, url } from './platform'

const SCREENS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const
let browser: Awaited<ReturnType<typeof openBrowser>>

beforeAll(async () => {
  browser = await openBrowser()
})
afterAll(async () => {
  await browser?.close()
})

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

/** A registered shopper's paid order of 2 × the first SKU (19.90) and 1 × the second (20.90). */
async function paidOrder(label: string) {
  const session = await shopperSession(label)
  const skus = [uniqueSku('REF'), uniqueSku('REF')]
  await adminProduct(`Refund Lamp ${label}`, skus, 5)
  const order = await call<{ id: string; totalMinor: number }>('/v1/orders', {
    method: 'POST',
    token: session.token,
    body: {
      items: [
        { sku: skus[0], quantity: 2 },
        { sku: skus[1], quantity: 1 },
      ],
    },
    headers: { 'Idempotency-Key': `refund-${crypto.randomUUID()}` },
  })
  await call(`/v1/dev/payments/${order.id}`, { method: 'POST', token: session.token })
  return { email: session.user.email, skus: skus as [string, string], order }
}

/** Submits a search form until `target` shows up: the archive follows the queue a moment later. */
async function searchUntil(page: Page, button: string, target: ReturnType<Page['locator']>) {
  for (let i = 0; i < 30; i++) {
    await page.getByRole('button', { name: button, exact: true }).click()
    if (
      await target.waitFor({ timeout: 1_000 }).then(
        () => true,
        () => false,
      )
    )
      return
  }
  await target.waitFor({ timeout: 1_000 })
}

describe.each(SCREENS)('admin orders and customers on a $name screen', (screen) => {
  it('finds an order by email, shows its breakdown and timeline, refunds by line and by amount', async () => {
    const { email, skus, order } = await paidOrder(screen.name)
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: screen.width, height: screen.height })
    await page.goto(`${url}/admin/#orders`)
    await page.getByLabel('Admin API key').fill(adminKey)
    await page.getByRole('button', { name: 'Use key' }).click()
    await page.getByRole('heading', { name: 'Orders', exact: true }).waitFor()

    await page.getByLabel('Email or order id').fill(email)
    const link = page.getByRole('link', { name: `Order ${order.id.slice(0, 12)}` })
    await searchUntil(page, 'Show', link)
    const row = page.locator('tr', { has: link })
    expect(await row.textContent()).toContain(email)
    expect(await pageWidth(page)).toBeLessThanOrEqual(screen.width)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, `${screen.name}-admin-order-list`)

    await link.click()
    await page.getByRole('heading', { name: `Order ${order.id.slice(0, 12)}` }).waitFor()
    const detail = page.locator('#order-detail')
    await detail.getByRole('region', { name: 'Order lines' }).waitFor()
    const text = (await detail.textContent()) ?? ''
    for (const expected of [email, skus[0], skus[1], 'Placed', 'Paid', 'Total'])
      expect(text).toContain(expected)
    expect(await detail.locator('.timeline li').count()).toBe(2)
    expect(await seriousViolations(page)).toEqual([])

    // One unit of the first line: its share, 19.90.
    await page.getByLabel(`Units of ${skus[0]}`).fill('1')
    await page.getByRole('button', { name: 'Refund', exact: true }).click()
    const status = page.getByRole('status').first()
    await expect
      .poll(() => status.textContent(), { timeout: 15_000 })
      .toMatch(/Refunded .*19[.,]90/)
    await detail.getByText('partly refunded').waitFor()
    await detail.getByRole('region', { name: 'Refunds' }).getByText(`1 × ${skus[0]}`).waitFor()
    expect(await detail.locator('.timeline li').count()).toBe(3)

    // Then 5.00 by amount; then more than is left, refused with the reason.
    await page.getByLabel('Amount').fill('5.00')
    await page.getByLabel('Reason (optional)').fill('scratched')
    await page.getByRole('button', { name: 'Refund', exact: true }).click()
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/Refunded .*5[.,]00/)
    await detail.getByText('scratched').waitFor()
    await page.getByLabel('Amount').fill('1000')
    await page.getByRole('button', { name: 'Refund', exact: true }).click()
    await expect
      .poll(() => status.textContent(), { timeout: 15_000 })
      .toContain('more money than was paid')
    const breakdown =
      (await detail.getByRole('region', { name: 'Totals breakdown' }).textContent()) ?? ''
    expect(breakdown).toMatch(/Refunded.*24[.,]90/)
    expect(breakdown).toMatch(/Kept.*35[.,]80/)
    expect(await pageWidth(page)).toBeLessThanOrEqual(screen.width)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, `${screen.name}-admin-order-detail`)

    // The customer list finds the shopper with their spend less the refunds (60.70 − 24.90).
    await page.getByRole('link', { name: 'Customers', exact: true }).click()
    await page.getByRole('heading', { name: 'Customers', exact: true }).waitFor()
    await page.getByLabel('Customer email').fill(email)
    const customer = page.getByRole('row', { name: new RegExp(`${email}.*35[.,]80`) })
    await searchUntil(page, 'Search', customer)
    expect(await pageWidth(page)).toBeLessThanOrEqual(screen.width)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, `${screen.name}-admin-customers`)
    await page.getByRole('link', { name: email }).click()
    await page.getByRole('heading', { name: email }).waitFor()
    await page
      .locator('#customer-detail')
      .getByRole('link', { name: `Order ${order.id.slice(0, 12)}` })
      .waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, `${screen.name}-admin-customer`)
    await page.close()
  })
})
