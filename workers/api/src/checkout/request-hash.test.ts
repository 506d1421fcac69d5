/** @module Tests of the checkout request digest. */
import { describe, expect, it } from 'vitest'
import { checkoutRequestHash } from './request-hash'

describe('checkoutRequestHash', () => {
  it('is the same for the same basket in any order or SKU case, and differs otherwise', async () => {
    const a = await checkoutRequestHash({
      items: [
        { sku: 'tent-1', quantity: 2 },
        { sku: 'MAT-9', quantity: 1 },
      ],
    })
    const b = await checkoutRequestHash({
      items: [
        { sku: 'mat-9', quantity: 1 },
        { sku: 'TENT-1', quantity: 2 },
      ],
    })
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(b).toBe(a)
    const more = await checkoutRequestHash({
      items: [
        { sku: 'mat-9', quantity: 2 },
        { sku: 'TENT-1', quantity: 2 },
      ],
    })
    expect(more).not.toBe(a)
    const cart = await checkoutRequestHash({ fromCart: true })
    expect(new Set([a, more, cart]).size).toBe(3)
    expect(await checkoutRequestHash({ fromCart: true })).toBe(cart)
  })
})
