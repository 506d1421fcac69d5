/**
 * @module Storefront defects a shopper met, each as the browser shows it, on a desktop (1280×800)
 * and a phone (390×844): hidden forms that still showed, a cart believing the browser's storage
 * instead of the server, tables and headers wider than a phone, unknown paths answering JSON, a
 * pager past the last page, and line titles naming the product twice.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminProduct, call, shopperSession, uniqueSku } from './api'
import { openBrowser, screenshot, seriousViolations } from './browser'
import { fillCheckout } from './checkout-form'
import { url } from './platform'

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

/** A page of the given screen with the shopper's session stored as the pages keep it. */
async function pageAs(screen: (typeof SCREENS)[number], session?: object): Promise<Page> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: screen.width, height: screen.height })
  await page.goto(`${url}/favicon.ico`)
  await page.evaluate(
    (s) =>
      s
        ? localStorage.setItem('ec.shopper', JSON.stringify(s))
        : localStorage.removeItem('ec.shopper'),
    session ?? null,
  )
  return page
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

describe.each(SCREENS)('storefront on a $name screen', (screen) => {
  it('hides the sign-in and register forms once signed in, and a long email keeps the page narrow', async () => {
    const session = await shopperSession(
      'a-very-long-mailbox-name-for-the-header',
      `a-very-long-mailbox-name-for-the-header-${Date.now()}@subdomain.example.test`,
    )
    const page = await pageAs(screen, session)
    await page.goto(`${url}/account`)
    await page.getByRole('heading', { name: 'Signed in' }).waitFor()
    expect(await page.getByRole('form', { name: 'Sign in' }).isVisible()).toBe(false)
    expect(await page.getByRole('form', { name: 'Create an account' }).isVisible()).toBe(false)
    expect(await pageWidth(page)).toBeLessThanOrEqual(screen.width)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, `${screen.name}-account-signed-in`)
    await page.goto(`${url}/`)
    await page
      .getByRole('status')
      .filter({ hasText: /products? found/ })
      .waitFor()
    expect(await pageWidth(page)).toBeLessThanOrEqual(screen.width)
    // The first product shows on the first screen: the filters fold away on a phone.
    const card = await page.locator('#results .card').first().boundingBox()
    expect(card?.y ?? Infinity).toBeLessThan(screen.height)
    await screenshot(page, `${screen.name}-search`)
    await page.close()
  })

  it('shows cart lines as the server has them, added elsewhere, and warns about stock before checkout', async () => {
    const title = `Cart Lamp ${screen.name}`
    const [plenty, short] = [uniqueSku('CL'), uniqueSku('CL')]
    const product = await adminProduct(title, [plenty], 5)
    const none = await adminProduct(`${title} Sold Out`, [short], 0)
    // Another browser (here: the API) fills the cart: this page's storage knows nothing of it.
    const session = await shopperSession('cart')
    for (const [sku, quantity] of [
      // Over the stock, within the 10 units a cart line may hold.
      [plenty, 8],
      [short, 1],
    ] as const)
      await call(`/v1/cart/items/${sku}`, {
        method: 'PUT',
        token: session.token,
        body: { quantity },
      })
    const page = await pageAs(screen, session)
    await page.goto(`${url}/cart`)
    const lines = page.getByRole('region', { name: 'Cart lines' })
    await lines.getByRole('link', { name: title, exact: true }).waitFor()
    const first = lines.locator(`tr[data-sku="${plenty}"]`)
    expect(await first.textContent()).toMatch(/19[.,]90/)
    expect(await first.textContent()).toMatch(/159[.,]20/)
    // The line names the product once and the variant by what sets it apart.
    expect((await first.locator('th').textContent())?.split(title).length).toBe(2)
    await first.getByText('Only 5 available').waitFor()
    await lines.locator(`tr[data-sku="${short}"]`).getByText('Out of stock').waitFor()
    const problems = page.getByRole('alert')
    await problems.getByText(`Only 5 of ${title} (S) available`).waitFor()
    await problems.getByText(`${none.variants[0]?.title} is out of stock`).waitFor()
    expect(await page.getByRole('button', { name: 'Place order' }).isDisabled()).toBe(true)
    // Every column is on screen: nothing is cut off, and the page does not scroll sideways.
    const remove = page.getByRole('button', { name: `Remove ${plenty}` })
    const box = await remove.boundingBox()
    expect((box?.x ?? Infinity) + (box?.width ?? 0)).toBeLessThanOrEqual(screen.width)
    expect(await pageWidth(page)).toBeLessThanOrEqual(screen.width)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, `${screen.name}-cart-stock-warnings`)

    // Fixing the lines clears the warnings and lets the order through.
    await remove.click()
    await first.waitFor({ state: 'detached' })
    await page.getByRole('button', { name: `Remove ${short}` }).click()
    await page.getByText('Your cart is empty').waitFor()
    await call(`/v1/cart/items/${plenty}`, {
      method: 'PUT',
      token: session.token,
      body: { quantity: 2 },
    })
    await page.reload()
    await fillCheckout(page)
    await page.getByRole('button', { name: 'Place order' }).click()
    await page.waitForURL(/\/order\?id=/)
    const orderLines = page.getByRole('region', { name: 'Order lines' })
    const line = orderLines.locator('tbody th').first()
    await line.waitFor()
    expect((await line.textContent())?.split(title).length).toBe(2)
    expect(await pageWidth(page)).toBeLessThanOrEqual(screen.width)
    await screenshot(page, `${screen.name}-order-lines`)
    expect(product.id).toBeTruthy()
    await page.close()
  })

  it('refuses on the product page to add more than the stock', async () => {
    const title = `Stock Stool ${screen.name}`
    const product = await adminProduct(title, [uniqueSku('SS')], 3)
    const page = await pageAs(screen, await shopperSession('stool'))
    await page.goto(`${url}/product?id=${product.id}`)
    await page.locator('#stock', { hasText: '3 in stock' }).waitFor()
    await page.getByLabel('Quantity').fill('5')
    await page.getByRole('button', { name: 'Add to cart' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: 'Only 3 available: choose 3 or fewer.' })
      .waitFor()
    await screenshot(page, `${screen.name}-product-over-stock`)
    await page.close()
  })

  it('answers a browser’s unknown path with a page, serves a favicon and bounds the pager', async () => {
    const page = await pageAs(screen)
    const missing = await page.goto(`${url}/checkout`)
    expect(missing?.status()).toBe(404)
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor()
    await page.getByRole('link', { name: 'Go to the shop' }).waitFor()
    expect(await pageWidth(page)).toBeLessThanOrEqual(screen.width)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, `${screen.name}-not-found`)

    const icon = await fetch(`${url}/favicon.ico`)
    expect(icon.status).toBe(200)
    expect(icon.headers.get('content-type')).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)$/)

    await page.goto(`${url}/?page=500`)
    await page.getByRole('status').filter({ hasText: 'there is no page 500' }).waitFor()
    await page.getByRole('link', { name: /Go to the last page/ }).click()
    await page.locator('#results .card').first().waitFor()
    await screenshot(page, `${screen.name}-search-last-page`)
    await page.close()
  })

  it('offers to sign in again when the stored session has ended', async () => {
    const page = await pageAs(screen, {
      token: 'expired-token',
      user: { email: 'gone@example.test' },
    })
    await page.goto(`${url}/cart`)
    await page.getByRole('link', { name: 'Sign in again' }).click()
    await page.waitForURL(/\/account\?next=%2Fcart/)
    await page.getByRole('form', { name: 'Sign in' }).waitFor()
    await page.close()
  })
})
