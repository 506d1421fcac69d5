/**
 * @module The storefront in Chromium: a typo'd search to a product, the cart, checkout, the test
 * payment page and the paid order; an admin restock showing on an open product page; and no
 * serious accessibility violation on the pages passed through, on a desktop and a phone screen.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBrowser, screenshot, seriousViolations } from './browser'
import { fillCheckout } from './checkout-form'
import { adminKey, url } from './platform'

let browser: Awaited<ReturnType<typeof openBrowser>>
let context: BrowserContext

beforeAll(async () => {
  browser = await openBrowser()
  context = browser.context
})
afterAll(async () => {
  await browser?.close()
})

/** The number in the product page's live stock line, once it shows one. */
async function shownStock(page: Page): Promise<number> {
  const stock = page.locator('#stock', { hasText: /\d+ in stock/ })
  await stock.waitFor()
  return Number((await stock.textContent())?.match(/\d+/)?.[0])
}

describe('shopping', () => {
  it('finds a product despite a typo, checks out, pays on the test page and shows the order paid', async () => {
    const page = await context.newPage()
    await page.goto(`${url}/`)
    await page.getByLabel('Search products').fill('espreso')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.waitForURL(/\?q=espreso/)
    const hit = page.getByRole('link', { name: /Espresso Maker/ }).first()
    await hit.waitFor()
    await page
      .getByRole('status')
      .filter({ hasText: /products? found/ })
      .waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'search-typo')

    const title = (await hit.textContent()) as string
    await hit.click()
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    const before = await shownStock(page)
    expect(before).toBeGreaterThan(0)
    expect(await seriousViolations(page)).toEqual([])

    // Not signed in yet: adding sends the shopper to register, then back to the product.
    await page.getByRole('button', { name: 'Add to cart' }).click()
    await page.waitForURL(/\/account\?next=/)
    const register = page.getByRole('form', { name: 'Create an account' })
    await register.getByLabel('Email').fill(`shopper-${Date.now()}@example.test`)
    await register.getByLabel(/^Password/).fill('correct horse battery')
    await register.getByRole('button', { name: 'Create account' }).click()
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    await page.getByLabel('Quantity').fill('2')
    await page.getByRole('button', { name: 'Add to cart' }).click()
    await page.getByRole('status').filter({ hasText: 'Added 2 ×' }).waitFor()
    await screenshot(page, 'product-added')

    await page.getByRole('link', { name: 'Go to cart' }).click()
    await page.getByRole('heading', { name: 'Your cart' }).waitFor()
    await page.getByRole('button', { name: 'Place order' }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'cart')
    await fillCheckout(page)
    await page.getByRole('button', { name: 'Place order' }).click()

    await page.waitForURL(/\/order\?id=/)
    await page.locator('#order-status', { hasText: 'Awaiting payment' }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'order-awaiting-payment')
    await page.getByRole('link', { name: 'Pay now (test payment)' }).click()
    const pay = page.getByRole('button', { name: /^Pay .* \(test\)$/ })
    await pay.waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await pay.click()
    await page.waitForURL(/\/order\?id=/)
    await page.locator('#order-status', { hasText: 'Paid' }).waitFor()
    await screenshot(page, 'order-paid')

    await page.goto(`${url}/orders`)
    await page.getByRole('cell', { name: 'Paid' }).first().waitFor()
    await page.close()
  })

  it('shows an admin restock on an open product page, through its live stock', async () => {
    const shop = await context.newPage()
    await shop.goto(`${url}/?q=parka`)
    const hit = shop.getByRole('link', { name: /Down Parka/ }).first()
    await hit.click()
    const before = await shownStock(shop)
    const sku = await shop.locator('input[name=variant]:checked').inputValue()

    const admin = await context.newPage()
    await admin.goto(`${url}/admin/`)
    await admin.getByLabel('Admin API key').fill(adminKey)
    await admin.getByRole('button', { name: 'Use key' }).click()
    await admin.getByRole('heading', { name: 'Products' }).waitFor()
    await admin.getByRole('region', { name: 'Product list' }).waitFor()
    expect(await seriousViolations(admin)).toEqual([])
    await admin.getByRole('link', { name: 'Stock', exact: true }).click()
    await admin.getByLabel('SKU', { exact: true }).fill(sku)
    await admin.getByLabel('Movement').selectOption('receive')
    await admin.getByLabel('Units', { exact: true }).fill('7')
    await admin.getByLabel('Reason').fill('e2e delivery')
    await admin.getByRole('button', { name: 'Apply' }).click()
    await admin
      .getByRole('status')
      .filter({ hasText: `Stock of ${sku} changed` })
      .waitFor()
    await screenshot(admin, 'admin-restock')

    // Split the SKU over 4 shards for a flash sale: 5 objects, the same total available.
    await admin.getByLabel('SKU to split').fill(sku)
    await admin.getByLabel('Shards (0–16)').fill('4')
    await admin.getByRole('button', { name: 'Split stock' }).click()
    const split = admin.getByRole('region', { name: `Stock of ${sku} by object` })
    await split.waitFor()
    expect(await split.locator('tbody tr').count()).toBe(6)
    await split
      .locator('tr', { hasText: 'Total' })
      .locator('td')
      .first()
      .filter({ hasText: String(before + 7) })
      .waitFor()
    expect(await seriousViolations(admin)).toEqual([])
    await screenshot(admin, 'admin-split')

    // The product page was left open: its periodic refresh shows the new figure by itself.
    await shop.bringToFront()
    await shop.locator('#stock', { hasText: `${before + 7} in stock` }).waitFor()
    await screenshot(shop, 'product-restocked')

    // And on a phone.
    await shop.setViewportSize({ width: 390, height: 844 })
    await shop.reload()
    await shop.locator('#stock', { hasText: `${before + 7} in stock` }).waitFor()
    expect(await seriousViolations(shop)).toEqual([])
    const width = await shop.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(390)
    await screenshot(shop, 'phone-product')
    await shop.close()
    await admin.close()
  })

  it('creates, edits and archives a product in the admin area', async () => {
    const admin = await context.newPage()
    await admin.goto(`${url}/admin/`)
    await admin.getByLabel('Admin API key').fill(adminKey)
    await admin.getByRole('button', { name: 'Use key' }).click()
    const form = admin.getByRole('form', { name: 'New product' })
    const sku = `E2E-${Date.now()}`
    await form.getByLabel('Title', { exact: true }).fill('E2E Camp Stool')
    await form.getByLabel('Brand').fill('Acme')
    await form.getByLabel(/^Category/).fill('outdoor')
    await form.getByLabel(/^SKU of variant/).fill(sku)
    await form.getByLabel(/^Title of variant/).fill('Green')
    await form.getByLabel(/^Price of variant/).fill('19.90')
    await form.getByRole('button', { name: 'Create product' }).click()
    await admin.getByRole('status').filter({ hasText: 'Created “E2E Camp Stool”' }).waitFor()

    await admin.getByLabel('Search products').fill('E2E Camp Stool')
    await admin.getByRole('button', { name: 'Show', exact: true }).click()
    await admin.getByRole('button', { name: 'Edit E2E Camp Stool' }).click()
    const edit = admin.getByRole('form', { name: 'Edit E2E Camp Stool' })
    await edit.getByLabel('Title', { exact: true }).fill('E2E Camp Stool II')
    await edit.getByRole('button', { name: 'Save changes' }).click()
    await admin.getByRole('status').filter({ hasText: 'version 2' }).waitFor()

    admin.once('dialog', (dialog) => void dialog.accept())
    await admin.getByRole('button', { name: 'Archive E2E Camp Stool II' }).click()
    await admin.getByRole('status').filter({ hasText: 'Archived “E2E Camp Stool II”' }).waitFor()
    await admin
      .getByRole('button', { name: 'Archive E2E Camp Stool II' })
      .waitFor({ state: 'detached' })
    await admin.close()
  })

  it('is keyboard-navigable: the skip link comes first and lands on the main content', async () => {
    const page = await context.newPage()
    await page.goto(`${url}/`)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q')
    await page.close()
  })
})
