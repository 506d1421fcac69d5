/**
 * @module Invariants 2 and 7 with MySQL unreachable (its PlanetScale bridge stopped) during
 * archival: checkouts go on, priced from the KV price list; the archive lags, then catches up with
 * every order answered 201 exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectArchivedOnce } from '../archive'
import { type Platform, startPlatform } from '../platform'
import {
  type Answer,
  type Checkout,
  call,
  checkoutOf,
  expectEnvelope,
  inPool,
  opsGet,
  orderId,
  placeOrder,
  stockedProduct,
} from '../shop'
import { expectNoOversell, stockOf } from '../stock'

const BEFORE = 10
const DURING = 10

/** Declares the scenario's suite; run concurrently with the others by faults.test.ts. */
export function mysqlDown() {
  describe('MySQL down during archival', () => {
    let platform: Platform
    beforeAll(async () => {
      platform = await startPlatform('mysql')
    })
    afterAll(() => platform?.close())

    it('keeps answering checkouts with 201, lags the archive, then archives each order once', async () => {
      const url = platform.url()
      const { id: productId, skus } = await stockedProduct(url, 1, 100)
      const sku = skus[0] ?? ''
      // Reading the page once fills KV, where it is served from while the database is down.
      expect((await call(url, `/v1/products/${productId}`)).status).toBe(200)
      // Shoppers sign up while the database answers; their tokens carry them through the outage.
      const checkoutsOf = (n: number) =>
        Promise.all(Array.from({ length: n }, () => checkoutOf(url, sku)))
      const placeAll = async (checkouts: Checkout[]) => {
        const n = checkouts.length
        const answers = await inPool(
          n,
          checkouts.map((c) => () => placeOrder(url, c)),
        )
        return { checkouts, answers }
      }

      const duringCheckouts = await checkoutsOf(DURING)
      const before = await placeAll(await checkoutsOf(BEFORE))
      expect(before.answers.map((a) => a.status)).toEqual(Array(BEFORE).fill(201))
      // The consumer's batch window is a second: these orders are still being archived.
      await platform.services.databaseBridge.stop()
      const archivedAtStop = await platform.count('orders')

      const during = await placeAll(duringCheckouts)
      expect(during.answers.map((a) => a.status)).toEqual(Array(DURING).fill(201))
      // The live order is read from its object; history needs the archive and says it is away.
      const [shopper] = during.checkouts as [Checkout]
      const [placed] = during.answers as [Answer]
      const live = await call(url, `/v1/orders/${orderId(placed)}`, { token: shopper.token })
      expect([live.status, live.body]).toEqual([200, placed.body])
      expectEnvelope(
        await call(url, '/v1/orders', { token: shopper.token }),
        503,
        'upstream_unavailable',
      )
      expect((await call(url, `/v1/products/${productId}`)).status).toBe(200)
      const metrics = await opsGet(url, '/v1/ops/metrics')
      expect(metrics.status).toBe(200)
      expect(metrics.body).toMatchObject({ archive: { error: expect.any(String) } })
      // None of the orders placed during the outage can have reached MySQL.
      expect(await platform.count('orders')).toBeLessThanOrEqual(BEFORE)
      expect(archivedAtStop).toBeLessThanOrEqual(BEFORE)

      await platform.services.databaseBridge.start()
      const ids = [...before.answers, ...during.answers].map(orderId)
      await expectArchivedOnce(platform, ids)
      expect(await platform.count('dead_letters')).toBe(0)
      const stock = await stockOf(platform, sku)
      expectNoOversell(stock)
      expect(stock.reserved).toBe(BEFORE + DURING)
    })
  })
}
