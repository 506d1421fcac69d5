/**
 * @module The operations console in Chromium: a paid order placed through the API reaches the
 * archive and shows there, with the archive count, health, the cache hit ratio and the
 * leaderboards drawn as charts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBrowser, screenshot, seriousViolations } from './browser'
import { adminKey, url } from './platform'

let browser: Awaited<ReturnType<typeof openBrowser>>

beforeAll(async () => {
  browser = await openBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function call<T>(
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  if (!res.ok)
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as T
}

/** A shopper's paid order of one unit of the first hit for `q`, through the public API. */
async function paidOrder(q: string) {
  const { token } = await call<{ token: string }>('/v1/auth/register', {
    method: 'POST',
    body: { email: `console-${Date.now()}@example.test`, password: 'correct horse battery' },
  })
  const { hits } = await call<{ hits: { id: string; title: string }[] }>(`/v1/search?q=${q}`)
  const product = hits[0] as { id: string; title: string }
  const { variants } = await call<{ variants: { sku: string }[] }>(`/v1/products/${product.id}`)
  const sku = (variants[0] as { sku: string }).sku
  await call(`/v1/cart/items/${sku}`, { method: 'PUT', token, body: { quantity: 1 } })
  const order = await call<{ id: string }>('/v1/orders', {
    method: 'POST',
    token,
    body: { fromCart: true },
    headers: { 'Idempotency-Key': `e2e-${crypto.randomUUID()}` },
  })
  await call(`/v1/dev/payments/${order.id}`, { method: 'POST', token })
  return { order, product }
}

describe('operations console', () => {
  it('shows the paid order archived, the archive count, health, cache ratio and leaderboards', async () => {
    const { order, product } = await paidOrder('turntable')
    const page = await browser.context.newPage()
    await page.goto(`${url}/ops/`)
    await page.locator('#health-status', { hasText: 'all ports answer' }).waitFor()
    await page.getByLabel('Admin API key').fill(adminKey)
    await page.getByRole('button', { name: 'Use key' }).click()

    // The queue carries the order to the archive within a second or so; the console refreshes itself.
    const row = page.locator(`tr[data-order-id="${order.id}"]`, { hasText: 'Paid' })
    await row.waitFor()
    const archived = Number(
      (await page.locator('#archived-orders').textContent())?.match(/^\d+/)?.[0],
    )
    expect(archived).toBeGreaterThanOrEqual(1)
    await page.locator('#cache-ratio', { hasText: '%' }).waitFor()
    await page.locator('#outbox', { hasText: /^\d+ pending$/ }).waitFor()
    // Bestsellers are counted by the consumer from the paid order: the chart names the product
    // (in its description, which screen readers read and which is never drawn).
    await page
      .locator('#bestsellers svg desc', { hasText: product.title })
      .waitFor({ state: 'attached' })
    await page
      .locator('#trending svg desc', { hasText: 'turntable' })
      .waitFor({ state: 'attached' })
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'ops-console')

    await page.setViewportSize({ width: 390, height: 844 })
    await row.waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await screenshot(page, 'phone-ops-console')
    await page.close()
  })
})
