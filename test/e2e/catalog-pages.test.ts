/**
 * @module Product images, handles and the header's cart count in Chromium, on a desktop
 * (1280×800) and a phone (390×844): an admin uploads an image in the product editor; the page at
 * /products/<handle> has its title, description and Open Graph tags in the HTML the server sent
 * and shows the image with its size; result cards load their images lazily; the header's count
 * follows the server's cart; screenshots of each, and no serious axe violation.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pngImage } from '#test/fixtures/images'
import { adminProduct, call, shopperSession, uniqueSku } from './api'
import { openBrowser, screenshot, seriousViolations } from './browser'
import { adminKey, url } from './platform'

let browser: Awaited<ReturnType<typeof openBrowser>>

beforeAll(async () => {
  browser = await openBrowser()
})
afterAll(async () => {
  await browser?.close()
})

const SCREENS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const

interface Product {
  id: string
  handle: string
  title: string
  images: { id: string; url: string; width: number; height: number; alt: string }[]
}

async function newPage(screen: (typeof SCREENS)[number]) {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: screen.width, height: screen.height })
  return page
}

/** Uploads a PNG to a product through the API (the editor's own upload is tested below). */
async function uploadPng(productId: string, bytes: Uint8Array, alt: string): Promise<Product> {
  const res = await fetch(
    `${url}/v1/admin/products/${productId}/images?alt=${encodeURIComponent(alt)}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'image/png' },
      body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
    },
  )
  expect(res.status, await res.clone().text()).toBe(201)
  return (await res.json()) as Product
}

/** Waits until the search index has caught up with `count` products matching `q`. */
async function indexed(q: string, count: number) {
  await expect
    .poll(
      async () =>
        (await call<{ hits: { image?: unknown }[] }>(`/v1/search?q=${q}&limit=24`)).hits.filter(
          (h) => h.image,
        ).length,
      { timeout: 30_000, interval: 500 },
    )
    .toBe(count)
}

const meta = (page: Page, selector: string) =>
  page.locator(selector).first().getAttribute('content')

describe('product images, handles and the header', () => {
  for (const screen of SCREENS) {
    it(`an admin uploads an image in the product editor (${screen.name})`, async () => {
      const title = `Upload Lamp ${screen.name} ${Date.now()}`
      await adminProduct(title, [uniqueSku('UL')], 3)
      const page = await newPage(screen)
      await page.goto(`${url}/admin/`)
      await page.getByLabel('Admin API key').fill(adminKey)
      await page.getByRole('button', { name: 'Use key' }).click()
      await page.getByLabel('Search products').fill(title)
      await page.getByRole('button', { name: 'Show', exact: true }).click()
      await page.getByRole('button', { name: `Edit ${title}` }).click()
      const form = page.getByRole('form', { name: `Edit ${title}` })
      await form.getByLabel(/^Image file/).setInputFiles({
        name: 'lamp.png',
        mimeType: 'image/png',
        buffer: Buffer.from(pngImage(320, 240, [60, 120, 90], [240, 230, 200])),
      })
      await form.getByLabel(/^Alt text \(what/).fill('A brass lamp on a desk')
      await form.getByRole('button', { name: 'Upload image' }).click()
      const status = page.getByRole('status').first()
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('Image added')
      const thumb = form.getByRole('img', { name: 'A brass lamp on a desk' })
      await thumb.waitFor()
      expect([await thumb.getAttribute('width'), await thumb.getAttribute('height')]).toEqual([
        '320',
        '240',
      ])
      await form.getByText('320 × 240 px').waitFor()
      // A file that is not an image is refused with the server's reason, and nothing is added.
      await form.getByLabel(/^Image file/).setInputFiles({
        name: 'notes.png',
        mimeType: 'image/png',
        buffer: Buffer.from('these are not the bytes of a PNG'),
      })
      await form.getByRole('button', { name: 'Upload image' }).click()
      await expect
        .poll(() => status.textContent(), { timeout: 30_000 })
        .toContain('not a JPEG, PNG, WebP or AVIF image')
      expect(
        await form
          .getByRole('list', { name: `Images of ${title}` })
          .locator('li')
          .count(),
      ).toBe(1)
      expect(await seriousViolations(page)).toEqual([])
      await screenshot(page, `images-${screen.name}-admin-editor`)
      await page.close()
    })

    it(`the product page at /products/<handle> shows the image with its size and meta tags (${screen.name})`, async () => {
      const title = `Walnut Board ${screen.name} ${Date.now()}`
      const created = await adminProduct(title, [uniqueSku('WB')], 4)
      await call(`/v1/admin/products/${created.id}`, {
        method: 'PATCH',
        token: adminKey,
        body: {
          description: 'End-grain walnut, oiled by hand. Big enough for a loaf and a knife.',
        },
      })
      await uploadPng(
        created.id,
        pngImage(600, 450, [120, 70, 40], [230, 200, 160]),
        'The board, top view',
      )
      const product = await uploadPng(
        created.id,
        pngImage(300, 400, [90, 60, 30], [200, 170, 120]),
        'Its edge',
      )
      const page = await newPage(screen)
      const response = await page.goto(`${url}/products/${product.handle}`)
      // Before any script runs: the server's HTML already names the product.
      const html = (await response?.text()) ?? ''
      expect(html).toContain(`<title>${title} · Edge Commerce</title>`)
      expect(html).toContain('<meta property="og:title"')
      const main = page.locator('img.gallery-main')
      await main.waitFor()
      await page.waitForLoadState('networkidle')
      expect(await page.title()).toBe(`${title} · Edge Commerce`)
      expect(await meta(page, 'meta[name="description"]')).toBe(
        'End-grain walnut, oiled by hand. Big enough for a loaf and a knife.',
      )
      expect(await meta(page, 'meta[property="og:image"]')).toBe(`${url}${product.images[0]?.url}`)
      expect(await meta(page, 'meta[property="og:image:width"]')).toBe('600')
      expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toBe(
        `${url}/products/${product.handle}`,
      )
      const shown = await main.evaluate((img: HTMLImageElement) => ({
        width: img.getAttribute('width'),
        height: img.getAttribute('height'),
        alt: img.alt,
        loading: img.loading,
        natural: [img.naturalWidth, img.naturalHeight],
      }))
      expect(shown).toEqual({
        width: '600',
        height: '450',
        alt: 'The board, top view',
        loading: 'eager',
        natural: [600, 450],
      })
      // The second image is a thumbnail that shows it large.
      await page.getByRole('button', { name: 'Show image 2: Its edge' }).click()
      expect(await main.getAttribute('alt')).toBe('Its edge')
      expect(await seriousViolations(page)).toEqual([])
      await screenshot(page, `images-${screen.name}-product`)
      // An old link by id lands on the page by handle.
      await page.goto(`${url}/product.html?id=${product.id}`)
      expect(new URL(page.url()).pathname).toBe(`/products/${product.handle}`)
      await page.close()
    })

    it(`result cards show images with their size, the first at once and the rest lazily (${screen.name})`, async () => {
      const word = `zephyrine${screen.name}${Date.now() % 100_000}`
      const count = 12
      for (let i = 0; i < count; i++) {
        const p = await adminProduct(`Card ${word} ${i + 1}`, [uniqueSku('CD')], 1)
        await uploadPng(
          p.id,
          pngImage(400, 300, [20 * i, 90, 160], [250, 200 - 10 * i, 60]),
          `Card ${i + 1}`,
        )
      }
      await indexed(word, count)
      const page = await newPage(screen)
      await page.goto(`${url}/?q=${word}`)
      await page
        .locator('#results .card img')
        .nth(count - 1)
        .waitFor({ state: 'attached' })
      const cards = await page.locator('#results .card img').evaluateAll((imgs) =>
        (imgs as HTMLImageElement[]).map((img) => ({
          loading: img.loading,
          width: img.getAttribute('width'),
          height: img.getAttribute('height'),
          alt: img.getAttribute('alt'),
        })),
      )
      expect(cards).toHaveLength(count)
      expect(cards[0]?.loading).toBe('eager')
      for (const card of cards.slice(1)) expect(card.loading).toBe('lazy')
      for (const card of cards) expect([card.width, card.height]).toEqual(['400', '300'])
      await page.waitForLoadState('networkidle')
      if (screen.name === 'phone') {
        // One column: the last card is several screens down, past where Chromium starts loading
        // lazy images, so it has not been fetched until the shopper scrolls to it.
        const last = page.locator('#results .card img').nth(count - 1)
        expect(await last.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(0)
        await last.scrollIntoViewIfNeeded()
        await expect
          .poll(() => last.evaluate((img: HTMLImageElement) => img.naturalWidth), {
            timeout: 10_000,
          })
          .toBe(400)
      }
      // The card links by handle.
      const href = await page.locator('#results .card h3 a').first().getAttribute('href')
      expect(href).toMatch(/^\/products\/card-/)
      await page.evaluate(() => window.scrollTo(0, 0))
      await page.waitForLoadState('networkidle')
      expect(await seriousViolations(page)).toEqual([])
      await screenshot(page, `images-${screen.name}-search-cards`)
      await page.close()
    })

    it(`the header's cart count follows the server's cart on every page (${screen.name})`, async () => {
      const sku = uniqueSku('HC')
      const other = uniqueSku('HO')
      const product = (await adminProduct(
        `Count Mug ${screen.name} ${Date.now()}`,
        [sku, other],
        9,
      )) as unknown as Product
      const session = await shopperSession('header')
      const page = await newPage(screen)
      await page.goto(`${url}/favicon.ico`)
      await page.evaluate((s) => localStorage.setItem('ec.shopper', JSON.stringify(s)), session)
      const count = page.locator('.site-header [data-testid="cart-count"]')
      const cartLink = page
        .getByRole('navigation', { name: 'Shop' })
        .getByRole('link', { name: /^Cart/ })

      await page.goto(`${url}/products/${product.handle}`)
      await page.locator('#stock', { hasText: /in stock/ }).waitFor()
      expect(await count.isVisible()).toBe(false)
      await page.getByLabel('Quantity').fill('2')
      await page.getByRole('button', { name: 'Add to cart' }).click()
      await page.getByRole('status').filter({ hasText: 'Added 2' }).waitFor()
      await expect.poll(() => count.textContent()).toBe(' (2 items)')
      expect(await cartLink.textContent()).toBe('Cart (2 items)')

      // Another device adds a line: every page reads the count from the server.
      await call(`/v1/cart/items/${other}`, {
        method: 'PUT',
        token: session.token,
        body: { quantity: 3 },
      })
      for (const path of ['/', '/orders', '/account', `/products/${product.handle}`]) {
        await page.goto(`${url}${path}`)
        await expect.poll(() => count.getAttribute('data-count'), { timeout: 10_000 }).toBe('5')
        expect(await count.isVisible(), path).toBe(true)
      }
      await screenshot(page, `images-${screen.name}-header-count`)
      expect(await seriousViolations(page)).toEqual([])

      // Emptied elsewhere: the badge goes.
      for (const s of [sku, other])
        await call(`/v1/cart/items/${s}`, { method: 'DELETE', token: session.token })
      await page.goto(`${url}/`)
      await expect.poll(() => count.getAttribute('data-count'), { timeout: 10_000 }).toBe('0')
      expect(await count.isVisible()).toBe(false)
      await page.close()
    })
  }
})
