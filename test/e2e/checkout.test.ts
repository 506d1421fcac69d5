/**
 * @module Checkout with an address, a shipping method and a discount code in Chromium, as a
 * signed-in shopper on a desktop and a phone screen: the methods quoted for the address, the
 * code's discount and the totals come from the API, the figures shown add up, and the order
 * placed charges exactly the total shown. The store's zones and tax are set for this file and
 * put back (no zones, no tax) after it, so the other files' lean checkouts are unchanged.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminProduct, call, shopperSession, uniqueSku } from './api'
import { openBrowser, screenshot, seriousViolations } from './browser'
import { fillCheckout } from './checkout-form'
import { adminKey, url } from './platform'

const SCREENS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const
let browser: Awaited<ReturnType<typeof openBrowser>>

const admin = (path: string, body: unknown, method = 'PUT') =>
  call(path, { method, token: adminKey, body })

beforeAll(async () => {
  browser = await openBrowser()
  await admin('/v1/admin/shipping-zones', {
    zones: [
      {
        id: 'e2e-de',
        name: 'Germany',
        countries: ['DE'],
        methods: [
          { id: 'e2e-std', name: 'Standard', rate: { kind: 'flat', amountMinor: 490 } },
          { id: 'e2e-express', name: 'Express', rate: { kind: 'flat', amountMinor: 1_290 } },
        ],
      },
    ],
  })
  await admin('/v1/admin/tax-rates', {
    tax: {
      pricesIncludeTax: true,
      originCountry: 'DE',
      shipping: 'proportional',
      rates: [{ country: 'DE', standardPpm: 190_000, reducedPpm: 70_000 }],
    },
  })
})
afterAll(async () => {
  await admin('/v1/admin/shipping-zones', { zones: [] })
  await admin('/v1/admin/tax-rates', {
    tax: { pricesIncludeTax: false, originCountry: 'DE', shipping: 'standard', rates: [] },
  })
  await browser?.close()
})

/** A figure of the totals list in minor units (`49,90 €` → 4990; a discount reads negative). */
async function figure(page: Page, id: string): Promise<number> {
  const text = (await page.locator(`#${id}`).textContent()) ?? ''
  const digits = text.replace(/[^\d]/g, '')
  return (text.includes('-') || text.includes('−') ? -1 : 1) * Number(digits)
}

describe.each(SCREENS)('checkout on a $name screen', (screen) => {
  it('buys with an address, a shipping method and a code; the totals shown are what the order charges', async () => {
    const title = `Checkout Kettle ${screen.name}`
    const sku = uniqueSku('CK')
    await adminProduct(title, [sku], 20)
    const code = `E2E${crypto.randomUUID().slice(0, 6).toUpperCase()}`
    await admin(
      '/v1/admin/discounts',
      {
        id: code.toLowerCase(),
        code,
        value: { kind: 'percentage', basisPoints: 1_000 },
        target: { kind: 'order' },
        usageLimit: 10,
      },
      'POST',
    )
    const session = await shopperSession('checkout')
    await call(`/v1/cart/items/${sku}`, {
      method: 'PUT',
      token: session.token,
      body: { quantity: 2 },
    })

    const page = await browser.context.newPage()
    await page.setViewportSize({ width: screen.width, height: screen.height })
    await page.goto(`${url}/favicon.ico`)
    await page.evaluate((s) => localStorage.setItem('ec.shopper', JSON.stringify(s)), session)
    await page.goto(`${url}/cart`)
    await page.getByRole('region', { name: 'Cart lines' }).getByText(title).first().waitFor()
    await fillCheckout(page)
    // The methods for Germany come from the API, cheapest first and chosen for the shopper.
    await page.getByLabel(/Standard/).waitFor()
    await page.getByLabel(/Express/).check()
    await page.locator('#total-shipping', { hasText: /12[.,]90/ }).waitFor()
    await page.getByLabel('Discount code', { exact: true }).fill(code.toLowerCase())
    await page.getByRole('button', { name: 'Apply' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: `${code} applied` })
      .waitFor()
    await page.locator(`#total-discount-${code.toLowerCase()}`).waitFor()

    // 2 × 19.90 = 39.80, less 10% = 3.98, plus 12.90 shipping: 48.72, VAT included.
    const shown = {
      subtotal: await figure(page, 'total-subtotal'),
      discount: await figure(page, `total-discount-${code.toLowerCase()}`),
      shipping: await figure(page, 'total-shipping'),
      total: await figure(page, 'total-due'),
    }
    expect(shown).toEqual({ subtotal: 3_980, discount: -398, shipping: 1_290, total: 4_872 })
    expect(shown.subtotal + shown.discount + shown.shipping).toBe(shown.total)
    expect(await figure(page, 'total-tax')).toBeGreaterThan(0)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      screen.width,
    )
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, `${screen.name}-checkout-form`)

    // A signed-in account may keep the address for its next checkout.
    await page.getByLabel('Save this address to my account').check()
    await page.getByRole('button', { name: 'Place order' }).click()
    await page.waitForURL(/\/order\?id=/)
    const id = new URL(page.url()).searchParams.get('id') as string
    const order = await call<{
      totalMinor: number
      shippingAddress: { city: string }
      totals: { totalMinor: number; shipping: { methodId: string }; discounts: { code: string }[] }
    }>(`/v1/orders/${id}`, { token: session.token })
    expect(order.totalMinor).toBe(shown.total)
    expect(order.totals.totalMinor).toBe(shown.total)
    expect(order.totals.shipping.methodId).toBe('e2e-express')
    expect(order.totals.discounts.map((d) => d.code)).toEqual([code])
    expect(order.shippingAddress.city).toBe('Berlin')
    await page.locator('#order-status', { hasText: 'Awaiting payment' }).waitFor()
    // The order page shows the stored breakdown (VAT included: the rows add up without it).
    await page.locator('#order-totals').waitFor()
    const placed = {
      subtotal: await figure(page, 'order-subtotal'),
      discount: await figure(page, `order-discount-${code.toLowerCase()}`),
      shipping: await figure(page, 'order-shipping'),
      total: await figure(page, 'order-total'),
    }
    expect(placed).toEqual(shown)
    expect(placed.subtotal + placed.discount + placed.shipping).toBe(order.totalMinor)
    expect(await figure(page, 'order-tax')).toBeGreaterThan(0)
    await page.locator('#order-address', { hasText: 'Unter den Linden 1' }).waitFor()
    await screenshot(page, `${screen.name}-checkout-order`)

    // The address was saved after the order; the next checkout picks it from the select.
    const saved = await call<{ items: { address: { city: string } }[] }>('/v1/me/addresses', {
      token: session.token,
    })
    expect(saved.items.map((a) => a.address.city)).toEqual(['Berlin'])
    await call(`/v1/cart/items/${sku}`, {
      method: 'PUT',
      token: session.token,
      body: { quantity: 1 },
    })
    await page.goto(`${url}/cart`)
    await page.getByRole('region', { name: 'Cart lines' }).getByText(title).first().waitFor()
    const select = page.getByLabel('Saved addresses')
    await select.locator('option', { hasText: 'Unter den Linden 1' }).waitFor({ state: 'attached' })
    await select.selectOption({ index: 1 })
    expect(await page.getByLabel('City').inputValue()).toBe('Berlin')
    expect(await page.getByLabel('Postal code').inputValue()).toBe('10117')
    await page.getByLabel(/Standard/).waitFor()
    await screenshot(page, `${screen.name}-checkout-saved-address`)
    await page.getByRole('button', { name: 'Place order' }).click()
    await page.waitForURL((u) => u.searchParams.get('id') !== id && u.pathname === '/order')
    const second = new URL(page.url()).searchParams.get('id') as string
    const again = await call<{ shippingAddress: { line1: string; postalCode: string } }>(
      `/v1/orders/${second}`,
      { token: session.token },
    )
    expect(again.shippingAddress).toMatchObject({
      line1: 'Unter den Linden 1',
      postalCode: '10117',
    })
    await page.close()
  })
})
