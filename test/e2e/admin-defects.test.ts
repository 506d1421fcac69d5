/**
 * @module Admin defects staff met, in the browser on a desktop and a phone: "Sign out" shown before
 * signing in, a wrong key called an ended session, drafts nowhere to be found, prices with a
 * decimal comma mis-split, a refusal ending in "()", and one long page instead of sections.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, uniqueSku } from './api'
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

async function openAdmin(screen: (typeof SCREENS)[number]) {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: screen.width, height: screen.height })
  await page.goto(`${url}/admin/`)
  return page
}

async function signIn(page: Page, key = adminKey) {
  await page.getByLabel('Admin API key').fill(key)
  await page.getByRole('button', { name: 'Use key' }).click()
}

type Listed = {
  items: {
    title: string
    status: string
    variants: { sku: string; title: string; priceMinor: number }[]
  }[]
}

describe.each(SCREENS)('admin area on a $name screen', (screen) => {
  it('says a wrong key is wrong, clears that once signed in, and hides "Sign out" until then', async () => {
    for (const path of ['/admin/', '/ops/']) {
      const page = await openAdmin(screen)
      await page.goto(`${url}${path}`)
      await page.getByLabel('Admin API key').waitFor()
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false)
      await signIn(page, 'not-the-key')
      const status = page.getByRole('status').first()
      // Polled for its text, so a failure shows what the page said instead.
      await expect
        .poll(() => status.textContent(), { timeout: 30_000 })
        .toContain('That key or token was not accepted')
      expect(await status.textContent()).not.toContain('session has ended')
      await signIn(page)
      await page.getByRole('button', { name: 'Sign out' }).waitFor()
      await status.filter({ hasText: 'Signed in with the admin API key' }).waitFor()
      expect(await status.getAttribute('data-kind')).toBe('ok')
      expect(await page.getByRole('form', { name: 'API key' }).isVisible()).toBe(false)
      await page.close()
    }
    // A credential kept from before that no longer works is an ended session, with the way back.
    const page = await openAdmin(screen)
    await page.evaluate(() =>
      sessionStorage.setItem('ec.staff', JSON.stringify({ token: 'old', label: 'old key' })),
    )
    await page.reload()
    await page.getByRole('status').filter({ hasText: 'Your staff session has ended' }).waitFor()
    await page.getByLabel('Admin API key').waitFor()
    await page.close()
  })

  it('reads prices with a decimal comma, refuses what it cannot read, and lists the draft it made', async () => {
    const page = await openAdmin(screen)
    await signIn(page)
    const form = page.getByRole('form', { name: 'New product' })
    const title = `Comma Lamp ${screen.name} ${Date.now()}`
    const [brass, black] = [uniqueSku('LB'), uniqueSku('LK')]
    await form.getByLabel('Title', { exact: true }).fill(title)
    await form.getByLabel('Brand').fill('Acme')
    await form.getByLabel(/^Category/).fill('lighting')
    await form.getByLabel('Status').selectOption('draft')
    await form.getByLabel('SKU of variant', { exact: false }).first().fill(brass)
    await form
      .getByLabel(/^Title of variant/)
      .first()
      .fill('Brass')
    await form
      .getByLabel(/^Price of variant/)
      .first()
      .fill('12.345.6')
    await form.getByRole('button', { name: 'Add variant' }).click()
    await form
      .getByLabel(/^SKU of variant/)
      .nth(1)
      .fill(black)
    await form
      .getByLabel(/^Title of variant/)
      .nth(1)
      .fill('Black')
    await form
      .getByLabel(/^Price of variant/)
      .nth(1)
      .fill('49,90')
    await form.getByRole('button', { name: 'Create product' }).click()
    const status = page.getByRole('status').first()
    await status.filter({ hasText: 'Variant 1, price: “12.345.6” is not a price' }).waitFor()
    expect(
      await form
        .getByLabel(/^Price of variant/)
        .first()
        .getAttribute('aria-invalid'),
    ).toBe('true')
    await form
      .getByLabel(/^Price of variant/)
      .first()
      .fill('1.299,00')
    await form
      .getByLabel(/^Units to receive/)
      .first()
      .fill('4')
    await form.getByRole('button', { name: 'Create product' }).click()
    await status.filter({ hasText: `Created “${title}”` }).waitFor()

    // The server has exactly what was meant: 1299.00 “Brass” and 49.90 “Black”.
    const listed = await call<Listed>(`/v1/admin/products?q=${brass}`, { token: adminKey })
    expect(
      listed.items.map((p) => [p.status, p.variants.map((v) => [v.title, v.priceMinor])]),
    ).toEqual([
      [
        'draft',
        [
          ['Brass', 129_900],
          ['Black', 4_990],
        ],
      ],
    ])

    // The draft is found by the status filter and by its SKU, with its stock.
    await page.getByLabel('Status', { exact: true }).first().waitFor()
    await page.locator('#pl-status').selectOption('draft')
    await page.locator('#pl-q').fill(brass)
    await page.getByRole('button', { name: 'Show' }).first().click()
    const list = page.getByRole('region', { name: 'Product list' })
    const row = list.locator('tr', { hasText: title })
    await row.waitFor()
    expect(await row.locator('td[data-label="Status"]').textContent()).toBe('Draft')
    expect(await row.locator('td[data-label="Stock"]').textContent()).toBe('40')
    expect(await pageWidth(page)).toBeLessThanOrEqual(screen.width)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, `${screen.name}-admin-products`)

    // Editing shows one row per variant with its price as typed here.
    await row.getByRole('button', { name: `Edit ${title}` }).click()
    const edit = page.getByRole('form', { name: `Edit ${title}` })
    expect(await edit.getByLabel(/^SKU of variant/).count()).toBe(2)
    expect(
      await edit
        .getByLabel(/^Price of variant/)
        .first()
        .inputValue(),
    ).toMatch(/^1[.,]299[.,]00$/)
    await screenshot(page, `${screen.name}-admin-edit-variants`)
    await page.close()
  })

  it('shows one section at a time, and a stock refusal without an empty "()"', async () => {
    const page = await openAdmin(screen)
    await signIn(page)
    await page.getByRole('link', { name: 'Stock', exact: true }).click()
    await page.getByRole('heading', { name: 'Stock', exact: true }).waitFor()
    expect(await page.getByRole('heading', { name: 'Products', exact: true }).isVisible()).toBe(
      false,
    )
    const sku = uniqueSku('ST')
    await call('/v1/admin/products', {
      method: 'POST',
      token: adminKey,
      body: {
        title: 'Refusal Rug',
        brand: 'Acme',
        category: 'e2e',
        variants: [{ sku, priceMinor: 100 }],
      },
    })
    await page.getByLabel('SKU', { exact: true }).fill(sku)
    await page.getByLabel('Movement').selectOption('delta')
    await page.getByLabel('Units', { exact: true }).fill('-5')
    await page.getByLabel('Reason').fill('e2e recount')
    await page.getByRole('button', { name: 'Apply' }).click()
    const status = page.getByRole('status').first()
    await status.filter({ hasText: 'Stock not changed' }).waitFor()
    expect(await status.textContent()).not.toContain('()')
    expect(await pageWidth(page)).toBeLessThanOrEqual(screen.width)
    await screenshot(page, `${screen.name}-admin-stock`)
    await page.getByRole('link', { name: 'Orders', exact: true }).click()
    await page.getByRole('heading', { name: 'Orders', exact: true }).waitFor()
    expect(await pageWidth(page)).toBeLessThanOrEqual(screen.width)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, `${screen.name}-admin-orders`)
    await page.close()
  })
})
