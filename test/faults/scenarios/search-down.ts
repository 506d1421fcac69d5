/**
 * @module Invariant 7 with the search service unreachable (MEILISEARCH_HOST on a closed loopback
 * port): search answers 503 `search_unavailable` in the error envelope; product pages, listings
 * and checkout go on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectArchivedOnce } from '../archive'
import { type Platform, startPlatform } from '../platform'
import { call, checkoutOf, expectEnvelope, orderId, placeOrder, stockedProduct } from '../shop'
import { expectNoOversell, stockOf } from '../stock'

/** Declares the scenario's suite; run concurrently with the others by faults.test.ts. */
export function searchDown() {
  describe('search service unreachable', () => {
    let platform: Platform
    beforeAll(async () => {
      // Port 9 (discard): privileged, so never handed out to a listener on a free port, and
      // closed here; the Workers tests use it for a database that is down too.
      platform = await startPlatform('search', {
        MEILISEARCH_HOST: 'http://127.0.0.1:9',
        MEILISEARCH_API_KEY: 'fault-suite-key',
      })
    })
    afterAll(() => platform?.close())

    it('answers search with 503 search_unavailable and keeps the catalog and checkout', async () => {
      const url = platform.url()
      const { id, skus } = await stockedProduct(url, 1, 5)
      const sku = skus[0] ?? ''

      // Health names search among the failing ports. Not "search alone": on a loaded machine the
      // counters' 1 s deadline has been missed beside it, which is health doing its job.
      const health = await call(url, '/v1/health')
      expect(health.status).toBe(503)
      expect(health.body).toMatchObject({ failing: expect.arrayContaining(['search']) })
      for (const query of ['?q=fault', '?q=item&category=faults&sort=price_asc', ''])
        expectEnvelope(await call(url, `/v1/search${query}`), 503, 'search_unavailable')

      const page = await call(url, `/v1/products/${id}`)
      expect([page.status, page.body]).toMatchObject([200, { id, variants: [{ sku }] }])
      const listing = await call(url, '/v1/products?category=faults')
      expect(listing.status).toBe(200)
      expect(listing.body).toMatchObject({ items: [{ id }] })
      const placed = await placeOrder(url, await checkoutOf(url, sku, 2))
      expect(placed.status).toBe(201)
      const stock = await stockOf(platform, sku)
      expectNoOversell(stock)
      expect(stock).toMatchObject({ reserved: 2, available: 3 })
      await expectArchivedOnce(platform, [orderId(placed)])
    })
  })
}
