/**
 * @module Issue 16's acceptance in Chromium, on a desktop and a phone screen: a shopper without an
 * account starts a guest session, buys with an address, a shipping method and a discount code,
 * pays on the test page, and staff open the order in the admin: its breakdown (subtotal, code,
 * shipping, tax, total) adds up to exactly what was paid. The store's zones and tax are set for
 * this file and put back (no zones, no tax) after it, so other files' lean checkouts are unchanged.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminProduct, call, uniqueSku } from './api'
import { openBrowser, screenshot, seriousViolations } from './browser'
import { fillCheckout } from './checkout-form'
import { adminKey, url } from './platform'

const SCREENS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const

const admin = (path: string, body: unknown, method = 'PUT') =>
  call(path, { method, token: adminKey, body })

beforeAll(async () => {
  await admin('/v1/admin/shipping-zones', {
    zones: [
      {
        id: 'e2e-guest-de',
        name: 'Germany',
        countries: ['DE'],
        methods: [
          { id: 'e2e-guest-std', name: 'Standard', rate: { kind: 'flat', amountMinor: 490 } },
          { id: 'e2e-guest-express', name: 'Express', rate: { kind: 'flat', amountMinor: 1_290 } },
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
})

/** An amount as shown (`48,72 €`, `−3,98 €`) in minor units, negative for a deduction. */
function minor(text: string): number {
  const digits = Number(text.replace(/[^\d]/g, ''))
  return /[-−]/.test(text) ? -digits : digits
}

/** The admin breakdown's rows as label → minor units. */
async function breakdownRows(page: Page): Promise<Record<string, number>> {
  const region = page.getByRole('region', { name: 'Totals breakdown' })
  await region.waitFor()
  const rows = await region
    .locator('tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.querySelector('th')?.textContent ?? '',
        tr.querySelector('td')?.textContent ?? '',
      ]),
    )
  return Object.fromEntries(rows.map(([label, value]) => [label, minor(value as string)]))
}

describe.each(SCREENS)('a guest buys on a $name screen', (screen) => {
  it('checks out as a guest with an address, a method and a code, pays, and the admin breakdown adds up to the payment', async () => {
    const title = `Guest Teapot ${screen.name}`
    const sku = uniqueSku('GT')
    await adminProduct(title, [sku], 10)
    const code = `G${crypto.randomUUID().slice(0, 7).toUpperCase()}`
    await admin(
      '/v1/admin/discounts',
      {
        id: code.toLowerCase(),
        code,
        value: { kind: 'fixed', amountMinor: 500, currency: 'EUR' },
        target: { kind: 'order' },
        usageLimit: 5,
      },
      'POST',
    )
    const browser = await openBrowser()
    try {
      const page = await browser.context.newPage()
      await page.setViewportSize({ width: screen.width, height: screen.height })
      // The cart sends a stranger to sign in, where a guest session is one email away.
      await page.goto(`${url}/cart`)
      await page.waitForURL(/\/account\?next=%2Fcart/)
      const email = `guest-${screen.name}-${Date.now()}@example.test`
      const guestForm = page.getByRole('form', { name: 'Check out as a guest' })
      await guestForm.getByLabel('Email').fill(email)
      await guestForm.getByRole('button', { name: 'Continue as guest' }).click()
      await page.getByRole('heading', { name: 'Your cart' }).waitFor()

      // The product page's "Add to cart", as a guest.
      const product = await call<{ handle: string }>(
        `/v1/products/${(await call<{ items: { id: string; title: string }[] }>(`/v1/admin/products?q=${encodeURIComponent(title)}`, { token: adminKey })).items[0]?.id}`,
      )
      await page.goto(`${url}/products/${product.handle}`)
      await page.getByRole('button', { name: /Add to cart/ }).click()
      await page.locator('#status', { hasText: 'to your cart' }).waitFor()
      await page.goto(`${url}/cart`)
      await page.getByRole('region', { name: 'Cart lines' }).getByText(title).first().waitFor()

      await fillCheckout(page, undefined, email)
      expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(email)
      await page.getByLabel(/Express/).check()
      await page.locator('#total-shipping', { hasText: /12[.,]90/ }).waitFor()
      await page.getByLabel('Discount code', { exact: true }).fill(code)
      await page.getByRole('button', { name: 'Apply' }).click()
      await page.locator(`#total-discount-${code.toLowerCase()}`).waitFor()
      const due = minor((await page.locator('#total-due').textContent()) ?? '')
      expect(await seriousViolations(page)).toEqual([])
      await screenshot(page, `${screen.name}-guest-checkout`)

      await page.getByRole('button', { name: 'Place order' }).click()
      await page.waitForURL(/\/order\?id=/)
      const id = new URL(page.url()).searchParams.get('id') as string
      await page.locator('#order-status', { hasText: 'Awaiting payment' }).waitFor()
      await page.getByRole('link', { name: 'Pay now (test payment)' }).click()
      const pay = page.getByRole('button', { name: /^Pay .* \(test\)$/ })
      await pay.waitFor()
      expect(minor((await pay.textContent()) ?? '')).toBe(due)
      await pay.click()
      await page.waitForURL(/\/order\?id=/)
      await page.locator('#order-status', { hasText: 'Paid' }).waitFor()
      await screenshot(page, `${screen.name}-guest-paid`)

      // Staff: the order page shows the guest, the address, the method and the breakdown.
      const staff = await browser.context.newPage()
      await staff.setViewportSize({ width: screen.width, height: screen.height })
      await staff.goto(`${url}/admin/#orders`)
      await staff.getByLabel('Admin API key').fill(adminKey)
      await staff.getByRole('button', { name: 'Use key' }).click()
      await staff.getByRole('heading', { name: 'Orders', exact: true }).waitFor()
      await staff.goto(`${url}/admin/#order/${id}`)
      await staff.getByRole('heading', { name: `Order ${id.slice(0, 12)}` }).waitFor()
      const detail = staff.locator('#order-detail')
      await detail.getByRole('region', { name: 'Order lines' }).waitFor()
      const text = (await detail.textContent()) ?? ''
      for (const expected of [email, 'Berlin', '10117', 'Express', sku, 'Paid'])
        expect(text).toContain(expected)
      const rows = await breakdownRows(staff)
      const discount = rows[`Discount ${code}`] as number
      expect(discount).toBe(-500)
      const shipping = rows['Shipping (Express)'] as number
      expect(shipping).toBe(1_290)
      // Prices include VAT: subtotal − code + shipping is the total, and the tax is inside it.
      expect((rows.Subtotal as number) + discount + shipping).toBe(rows.Total)
      expect(rows['Tax included']).toBeGreaterThan(0)
      expect(rows.Total).toBe(due)
      const detailed = await call<{
        order: { totalMinor: number; paymentId: string | null; status: string }
        customer: { email: string | null }
      }>(`/v1/admin/orders/${id}`, { token: adminKey })
      expect(detailed.order).toMatchObject({ totalMinor: due, status: 'paid' })
      expect(detailed.order.paymentId).not.toBeNull()
      expect(detailed.customer.email).toBe(email)
      expect(await staff.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        screen.width,
      )
      expect(await seriousViolations(staff)).toEqual([])
      await screenshot(staff, `${screen.name}-guest-order-admin`)
    } finally {
      await browser.close()
    }
  })
})
