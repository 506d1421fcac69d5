/**
 * @module Property test in workerd: random runs of sales, releases, sales committed, corrections
 * and re-sharding against one sharded SKU keep invariant 1 in every object and over all of them,
 * and a reservation is refused only when the SKU as a whole could not hold it.
 */
import { env } from 'cloudflare:test'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Inventory, type Reservation } from './adapter'
import { expectStockAddsUp } from './test-helpers'

type Step =
  | { kind: 'reserve'; quantity: number; concurrent: number }
  | { kind: 'release' | 'commit'; pick: number }
  | { kind: 'adjust'; delta: number }
  | { kind: 'shards'; shards: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('reserve' as const),
      quantity: fc.integer({ min: 1, max: 4 }),
      concurrent: fc.integer({ min: 1, max: 6 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('commit' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      delta: fc.integer({ min: -8, max: 8 }).filter((d) => d !== 0),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('shards' as const),
      shards: fc.integer({ min: 0, max: 4 }),
    }),
  },
)

describe('a sharded SKU under random operations', () => {
  it('keeps every unit accounted for and refuses only what the whole SKU cannot hold', async () => {
    const inv = new Inventory(env.INVENTORY_ITEM)
    let run = 0
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(step, { minLength: 5, maxLength: 18 }),
        async (stock, shards, steps) => {
          const sku = `prop-${crypto.randomUUID().slice(0, 8)}`
          run++
          if (stock > 0) await inv.receive(sku, stock)
          await inv.configureShards(sku, shards)
          const active: Reservation[] = []
          let n = 0
          for (const s of steps) {
            if (s.kind === 'reserve') {
              const before = (await inv.distribution(sku)).total.available
              const answers = await Promise.all(
                Array.from({ length: s.concurrent }, () =>
                  inv.reserve(sku, {
                    reservationId: `r${run}-${n++}`,
                    quantity: s.quantity,
                    expiresAt: Date.now() + 600_000,
                    orderId: null,
                  }),
                ),
              )
              const held = answers.filter((a) => a.reserved)
              active.push(...held)
              // Nothing else ran meanwhile, so exactly as many as the stock allows were held.
              expect(held.length).toBe(Math.min(s.concurrent, Math.floor(before / s.quantity)))
            } else if (s.kind === 'release' || s.kind === 'commit') {
              const r = active.splice(s.pick % Math.max(1, active.length), 1)[0]
              if (r?.reserved) await inv[s.kind](sku, r.reservation.id, r.holder)
            } else if (s.kind === 'adjust') {
              const before = (await inv.distribution(sku)).total.available
              const outcome = await inv.adjust(sku, s.delta, 'property test').then(
                () => 'done',
                (e: { code?: string }) => e.code,
              )
              expect(outcome).toBe(before + s.delta >= 0 ? 'done' : 'insufficient_stock')
            } else if (s.kind === 'shards') {
              await inv.configureShards(sku, s.shards)
            }
            await expectStockAddsUp(inv, sku)
          }
        },
      ),
      { numRuns: 12 },
    )
  }, 120_000)
})
