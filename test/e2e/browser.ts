/**
 * @module The browser of the e2e tests: Debian's Chromium driven by playwright-core, headless, in
 * a fresh profile; screenshots into test-results/e2e/, and axe-core run inside the page.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { requireChromium } from '#dev/prerequisites/chromium'

/**
 * The browser: the one `npm test` found or installed (dev/prerequisites), passed in CHROMIUM_PATH;
 * looked up the same way when the e2e project runs on its own.
 */
export const CHROMIUM = requireChromium()
const SCREENSHOTS = 'test-results/e2e'

/** A headless Chromium with a profile of its own; `close()` ends it and removes the profile. */
export async function openBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'edge-commerce-chromium-'))
  // Playwright passes --headless itself and takes the profile as userDataDir (it refuses
  // --user-data-dir among the args), so only the quiet-browser flags are given here.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return {
    context,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Saves a full-page screenshot as test-results/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

/** An accessibility problem axe-core found, in short. */
export interface Violation {
  id: string
  impact: string | null
  help: string
  targets: string[]
}

/**
 * Runs axe-core on the page as it is now and returns its serious and critical violations. The
 * source is evaluated through the DevTools protocol, which the pages' CSP does not govern.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<AxeResult> } }).axe
    const result = await axe.run(document)
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }))
  })
}

type AxeResult = {
  violations: {
    id: string
    impact: string | null
    help: string
    nodes: { target: string[] }[]
  }[]
}
