/**
 * @module Invariants 1 and 7 with Redis down (the dedicated redis-server under the Upstash bridge
 * killed) during checkout: counters, leaderboards and rate limits degrade, checkout does not,
 * nothing is oversold; once Redis is back, the paid orders are counted, once each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectArchivedOnce } from '../archive'
import { type Platform, startPlatform } from '../platform'
import { until } from '../poll'
import { call, checkoutOf, inPool, orderId, pay, placeOrder, stockedProduct } from '../shop'
import { expectNoOversell, stockOf } from '../stock'

const STOCK = 10
const SHOPPERS = 20
const PAID = 3

type Order = { id: string; totalMinor: number; currency: string }
type Board = { items: { member: string; score: number }[]; degraded: boolean }

/** Declares the scenario's suite; run concurrently with the others by faults.test.ts. */
export function redisDown() {
  describe('Redis down during checkout', () => {
    let platform: Platform
    beforeAll(async () => {
      platform = await startPlatform('redis')
    })
    afterAll(() => platform?.close())

    it('sells exactly the stock, degrades leaderboards, then counts the paid orders once', async () => {
      const url = platform.url()
      const { id: productId, skus } = await stockedProduct(url, 1, STOCK)
      const sku = skus[0] ?? ''
      const bestsellers = async () =>
        (await call(url, '/v1/leaderboards/bestsellers?period=all')).body as Board
      expect(await bestsellers()).toMatchObject({ degraded: false })
      const checkouts = await Promise.all(
        Array.from({ length: SHOPPERS }, () => checkoutOf(url, sku)),
      )

      await platform.redis.kill()
      const answers = await inPool(
        SHOPPERS,
        checkouts.map((c) => () => placeOrder(url, c)),
      )
      const statuses = answers.map((a) => a.status).sort()
      expect(statuses).toEqual([...Array(STOCK).fill(201), ...Array(SHOPPERS - STOCK).fill(409)])
      for (const refused of answers.filter((a) => a.status === 409))
        expect(refused.body).toMatchObject({ error: { code: 'insufficient_stock' } })
      const stock = await stockOf(platform, sku)
      expectNoOversell(stock)
      expect(stock).toMatchObject({ available: 0, reserved: STOCK })

      const health = await call(url, '/v1/health')
      expect(health.status).toBe(503)
      expect(health.body).toMatchObject({ failing: expect.arrayContaining(['counters']) })
      for (const board of ['bestsellers', 'trending-searches']) {
        const res = await call(url, `/v1/leaderboards/${board}`)
        expect([board, res.status, res.body]).toEqual([board, 200, { items: [], degraded: true }])
      }
      expect((await call(url, `/v1/products/${productId}`)).status).toBe(200)
      // Paid now, counted by the consumer once Redis answers again (it retries meanwhile).
      const placed = answers.filter((a) => a.status === 201)
      for (const answer of placed.slice(0, PAID))
        expect((await pay(url, answer.body as Order)).status).toBe(200)

      await platform.redis.start()
      const recovered = await until('bestsellers counts the paid orders', async () => {
        const board = await bestsellers()
        return !board.degraded && (board.items[0]?.score ?? 0) >= PAID && board
      })
      expect(recovered.items).toEqual([{ member: productId, score: PAID, rank: 1 }])
      const paid = await stockOf(platform, sku)
      expectNoOversell(paid)
      expect(paid).toMatchObject({ sold: PAID, reserved: STOCK - PAID, available: 0 })
      // Each paid order went through two versions (placed, paid), each archived once.
      const paidIds = new Set(placed.slice(0, PAID).map(orderId))
      await expectArchivedOnce(platform, placed.map(orderId), (id) => (paidIds.has(id) ? 2 : 1))
    })
  })
}
