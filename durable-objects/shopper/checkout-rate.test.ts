/** @module The shopper's checkout rate: a sliding window over accepted attempts. */
import { describe, expect, it } from 'vitest'
import { AppError } from '#domain/errors'
import { CheckoutRate } from './checkout-rate'

const RATE = { limit: 3, windowSeconds: 60 }

function refusal(run: () => void): AppError | undefined {
  try {
    run()
    return undefined
  } catch (err) {
    if (err instanceof AppError) return err
    throw err
  }
}

describe('CheckoutRate', () => {
  it('accepts `limit` attempts a window, refuses the next with the time until one leaves it', () => {
    const rate = new CheckoutRate()
    for (const at of [0, 10_000, 20_000]) rate.take(at, RATE)
    const refused = refusal(() => rate.take(30_000, RATE))
    expect(refused?.code).toBe('rate_limited')
    expect(refused?.details).toMatchObject({ policy: 'checkout', retryAfterSeconds: 30 })
    // Refused attempts do not count: once the oldest leaves the window, one more gets in.
    expect(refusal(() => rate.take(59_999, RATE))?.code).toBe('rate_limited')
    expect(refusal(() => rate.take(60_000, RATE))).toBeUndefined()
    expect(refusal(() => rate.take(60_001, RATE))?.details).toMatchObject({ retryAfterSeconds: 10 })
    expect(refusal(() => rate.take(70_000, RATE))).toBeUndefined()
  })

  it('follows the limit each request carries', () => {
    const rate = new CheckoutRate()
    for (let i = 0; i < 3; i++) rate.take(i, RATE)
    expect(refusal(() => rate.take(4, RATE))).toBeDefined()
    expect(refusal(() => rate.take(5, { limit: 100, windowSeconds: 60 }))).toBeUndefined()
  })
})
