/**
 * @module /docs in Chromium: Swagger UI from this origin renders every operation grouped by tag,
 * with schemas resolved and descriptions as Markdown, and the page's policy refuses nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBrowser, screenshot, seriousViolations } from './browser'
import { url } from './platform'

let browser: Awaited<ReturnType<typeof openBrowser>>

beforeAll(async () => {
  browser = await openBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('API reference', () => {
  it('renders the OpenAPI document offline, by tag, with resolved schemas and no policy refusal', async () => {
    const page = await browser.context.newPage()
    const refused: string[] = []
    const elsewhere: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text())
    })
    page.on('request', (r) => {
      if (!r.url().startsWith(url) && !r.url().startsWith('data:')) elsewhere.push(r.url())
    })
    await page.goto(`${url}/docs`)
    await page.locator('.opblock-tag', { hasText: 'admin products' }).first().waitFor()
    expect(await page.locator('.opblock').count()).toBeGreaterThan(30)
    // Markdown rendered: the info's `Error` is code, not backticks.
    expect(await page.locator('.info code', { hasText: 'Error' }).count()).toBeGreaterThan(0)
    expect(await page.locator('.info').textContent()).not.toContain('`')
    // A $ref is shown as the schema it names: open one operation and see the envelope's fields.
    await page.locator('.opblock-summary', { hasText: '/v1/auth/register' }).first().click()
    await page.locator('.opblock-body', { hasText: 'password' }).first().waitFor()
    expect(await page.locator('.opblock-body').first().textContent()).not.toContain('$ref')
    expect(refused).toEqual([])
    expect(elsewhere).toEqual([])
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'desktop-docs')
    await page.setViewportSize({ width: 390, height: 844 })
    await screenshot(page, 'phone-docs')
    await page.close()
  })
})
