/**
 * @module Every page on a desktop (1280×800) and a phone (390×844): it renders, has no serious
 * accessibility violation, does not scroll sideways, and leaves a screenshot in test-results/e2e.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminProduct, call, shopperSession, uniqueSku } from './api'
import { openBrowser, screenshot, seriousViolations } from './browser'
import { url } from './platform'

let browser: Awaited<ReturnType<typeof openBrowser>>

beforeAll(async () => {
  browser = await openBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('every page', () => {
  it('renders without sideways scrolling or serious violations, on a desktop and a phone', async () => {
    const sku = uniqueSku('PG')
    const product = await adminProduct('Page Tour Kettle', [sku], 5)
    const session = await shopperSession('pages')
    await call(`/v1/cart/items/${sku}`, {
      method: 'PUT',
      token: session.token,
      body: { quantity: 1 },
    })
    const order = await call<{ id: string }>('/v1/orders', {
      method: 'POST',
      token: session.token,
      body: { fromCart: true },
      headers: { 'Idempotency-Key': `pages-${crypto.randomUUID()}` },
    })
    const pages: [string, string, string][] = [
      ['search', '/', '#results .card'],
      ['product', `/product?id=${product.id}`, '#stock'],
      ['cart', '/cart', '#cart'],
      ['orders', '/orders', 'main table, main p'],
      ['order', `/order?id=${order.id}`, '#order-status'],
      ['pay', `/pay?order=${order.id}`, 'main button'],
      ['account', '/account', '#signed-in'],
      ['not-found', '/no-such-page', 'h1'],
      ['admin', '/admin/', '#api-key'],
      ['ops', '/ops/', '#api-key'],
    ]
    for (const screen of [
      { name: 'desktop', width: 1280, height: 800 },
      { name: 'phone', width: 390, height: 844 },
    ]) {
      const page = await browser.context.newPage()
      await page.setViewportSize({ width: screen.width, height: screen.height })
      await page.goto(`${url}/favicon.ico`)
      await page.evaluate((s) => localStorage.setItem('ec.shopper', JSON.stringify(s)), session)
      for (const [name, path, ready] of pages) {
        await page.goto(`${url}${path}`)
        await page.locator(ready).first().waitFor({ state: 'attached' })
        await page.waitForLoadState('networkidle')
        const width = await page.evaluate(() => document.documentElement.scrollWidth)
        expect(width, `${name} on ${screen.name}`).toBeLessThanOrEqual(screen.width)
        expect(await seriousViolations(page), name).toEqual([])
        await screenshot(page, `page-${screen.name}-${name}`)
      }
      await page.close()
    }
  })
})
