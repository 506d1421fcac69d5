/**
 * @module Sessions in Chromium, on a platform of its own whose access tokens live 10 seconds
 * (JWT_TTL_SECONDS): a shopper stays signed in across expiries (the storefront refreshes with the
 * HttpOnly refresh cookie), a refused refresh shows "signed out — sign in again", and a guest
 * checks out, then registers with the same email and finds the order in their account.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Platform, startPlatform } from '#dev/start'
import { openBrowser, screenshot, seriousViolations } from './browser'
import { fillCheckout } from './checkout-form'

const TTL_SECONDS = 10
const ADMIN_KEY = 'e2e-sessions-admin-key'
let platform: Platform | undefined
let dir: string | undefined
let url = ''
let browser: Awaited<ReturnType<typeof openBrowser>>
let context: BrowserContext

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edge-commerce-e2e-sessions-'))
  const envFile = join(dir, 'secrets.env')
  writeFileSync(
    envFile,
    [
      'JWT_SECRET=e2e-sessions-jwt-secret',
      `ADMIN_API_KEY=${ADMIN_KEY}`,
      'PAYMENT_WEBHOOK_SECRET=e2e-sessions-webhook-secret',
      // Short access tokens, so the test sees them expire and the storefront renew them.
      `JWT_TTL_SECONDS=${TTL_SECONDS}`,
    ].join('\n'),
  )
  platform = await startPlatform({
    port: await freePort(),
    inspectorPort: await freePort(),
    persistTo: join(dir, 'state'),
    envFile,
    products: 3,
    stock: 20,
    seedState: join(dir, 'seed-state.json'),
    seedEnv: { ADMIN_API_KEY: ADMIN_KEY },
    stdio: process.env.E2E_VERBOSE ? 'inherit' : 'ignore',
  })
  url = platform.url
  browser = await openBrowser()
  context = browser.context
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await platform?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

type Stored = { token: string; tokenExpiresAt: string; user?: { email: string } }
const stored = (page: Page) =>
  page.evaluate(() =>
    JSON.parse(localStorage.getItem('ec.shopper') ?? 'null'),
  ) as Promise<Stored | null>

/** Puts one unit of the catalog's first SKU in the cart of the session stored in `page`. */
async function addToCart(page: Page) {
  const catalog = (await (await fetch(`${url}/v1/products?limit=1`)).json()) as {
    items: { variants: { sku: string }[] }[]
  }
  const sku = catalog.items[0]?.variants[0]?.sku as string
  const session = (await stored(page)) as Stored
  const res = await fetch(`${url}/v1/cart/items/${sku}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ quantity: 1 }),
  })
  expect(res.status).toBe(200)
}

const pastExpiry = () => new Promise((r) => setTimeout(r, (TTL_SECONDS + 2) * 1000))

/** Counts the page's refreshes and their answers. */
function watchRefreshes(page: Page) {
  const answers: number[] = []
  page.on('response', (res) => {
    if (res.url().endsWith('/v1/auth/refresh')) answers.push(res.status())
  })
  return answers
}

describe('sessions that last', () => {
  it('stays signed in across access-token expiries, by the HttpOnly refresh cookie', async () => {
    const page = await context.newPage()
    const refreshes = watchRefreshes(page)
    await page.goto(`${url}/account?next=%2Fcart`)
    const register = page.getByRole('form', { name: 'Create an account' })
    const email = `lasting-${Date.now()}@example.test`
    await register.getByLabel('Email').fill(email)
    await register.getByLabel(/^Password/).fill('correct horse battery')
    await register.getByRole('button', { name: 'Create account' }).click()
    await page.getByRole('heading', { name: 'Your cart' }).waitFor()

    // The refresh token is a cookie the page's script cannot read, sent to the refresh route only.
    const [cookie] = (await context.cookies()).filter((c) => c.name === '__Secure-refresh')
    expect(cookie).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/v1/auth/refresh',
    })
    expect(JSON.stringify(await stored(page))).not.toContain(cookie?.value as string)
    expect(await page.evaluate(() => document.cookie)).not.toContain('__Secure-refresh')
    await addToCart(page)

    // Expired: the storefront sees it coming and renews before the call.
    await pastExpiry()
    const first = (await stored(page)) as Stored
    await page.reload()
    await page.getByRole('button', { name: 'Place order' }).waitFor()
    expect(refreshes).toEqual([200])
    expect(((await stored(page)) as Stored).token).not.toBe(first.token)

    // Expired without the page knowing (its clock said otherwise): the API's 401 token_expired
    // makes it refresh and retry once.
    await pastExpiry()
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('ec.shopper') ?? '{}')
      s.tokenExpiresAt = new Date(Date.now() + 3_600_000).toISOString()
      localStorage.setItem('ec.shopper', JSON.stringify(s))
    })
    await page.goto(`${url}/orders`)
    await page.getByRole('heading', { level: 1 }).waitFor()
    await page.locator('#status:not(:empty), main a[href="/"]').first().waitFor()
    expect(await page.getByRole('link', { name: 'Sign in again' }).count()).toBe(0)
    expect(refreshes).toEqual([200, 200])
    expect(((await stored(page)) as Stored).user?.email).toBe(email)
    await screenshot(page, 'sessions-still-signed-in')
    await page.close()
  })

  it('shows "signed out — sign in again" when the refresh is refused', async () => {
    const page = await context.newPage()
    // A new shopper in this browser: the previous test's session is forgotten first.
    await page.goto(`${url}/account?next=%2Fcart`)
    await page.evaluate(() => localStorage.removeItem('ec.shopper'))
    await page.reload()
    const login = page.getByRole('form', { name: 'Create an account' })
    await login.getByLabel('Email').fill(`revoked-${Date.now()}@example.test`)
    await login.getByLabel(/^Password/).fill('correct horse battery')
    await login.getByRole('button', { name: 'Create account' }).click()
    await page.getByRole('heading', { name: 'Your cart' }).waitFor()
    // Signed out everywhere from elsewhere: the refresh token is revoked on the server.
    const session = (await stored(page)) as Stored
    const out = await fetch(`${url}/v1/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}` },
    })
    expect(out.status).toBe(204)
    await pastExpiry()
    // The page says so at its next call: a call it made meanwhile (the cart prices itself again
    // as the form fills in) already met the revoked session; otherwise reloading makes one.
    const status = page.getByRole('status').filter({ hasText: 'signed out' })
    if ((await status.count()) === 0) await page.reload()
    await status.waitFor()
    await status.getByRole('link', { name: 'Sign in again' }).waitFor()
    expect(await stored(page)).toBeNull()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'sessions-signed-out')
    await page.close()
  })
})

describe('guest checkout', () => {
  it('a guest checks out, then registers with the same email and finds the order in the account', async () => {
    const guestBrowser = await openBrowser()
    try {
      const page = await guestBrowser.context.newPage()
      await page.goto(`${url}/cart`)
      await page.waitForURL(/\/account\?next=%2Fcart/)
      const email = `guest-${Date.now()}@example.test`
      const guestForm = page.getByRole('form', { name: 'Check out as a guest' })
      expect(await seriousViolations(page)).toEqual([])
      await guestForm.getByLabel('Email').fill(email)
      await guestForm.getByRole('button', { name: 'Continue as guest' }).click()
      await page.getByRole('heading', { name: 'Your cart' }).waitFor()
      await addToCart(page)
      await page.reload()
      await fillCheckout(page, undefined, email)
      await page.getByRole('button', { name: 'Place order' }).click()
      await page.waitForURL(/\/order\?id=/)
      await page.locator('#order-status', { hasText: 'Awaiting payment' }).waitFor()
      const orderId = new URL(page.url()).searchParams.get('id') as string
      await screenshot(page, 'guest-order')

      await page.goto(`${url}/account?next=%2Forders`)
      await page.getByText('You are shopping as a guest').waitFor()
      const register = page.getByRole('form', { name: 'Create an account' })
      await register.getByLabel('Email').fill(email)
      await register.getByLabel(/^Password/).fill('correct horse battery')
      await register.getByRole('button', { name: 'Create account' }).click()
      await page.waitForURL(/\/orders$/)
      await page.locator(`a[href="/order?id=${orderId}"]`).waitFor()
      expect(((await stored(page)) as Stored).user?.email).toBe(email)
      await screenshot(page, 'guest-order-claimed')
    } finally {
      await guestBrowser.close()
    }
  })
})
