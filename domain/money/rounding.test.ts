/** @module Tests of the rounding rule and of largest-remainder allocation. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocate, divideHalfUp, mulDivHalfUp } from './rounding'

describe('divideHalfUp', () => {
  it('rounds a tie up and anything below a tie down', () => {
    expect(divideHalfUp(5n, 2n)).toBe(3n)
    expect(divideHalfUp(7n, 2n)).toBe(4n)
    expect(divideHalfUp(149n, 100n)).toBe(1n)
    expect(divideHalfUp(150n, 100n)).toBe(2n)
    expect(divideHalfUp(0n, 7n)).toBe(0n)
  })

  it('refuses negative amounts and a zero divisor', () => {
    expect(() => divideHalfUp(-1n, 2n)).toThrow(RangeError)
    expect(() => divideHalfUp(1n, 0n)).toThrow(RangeError)
  })

  it('stays exact where floating point would not (2^53 and beyond)', () => {
    expect(mulDivHalfUp(2_147_483_647, 1_000_000, 1_000_000)).toBe(2_147_483_647)
    expect(mulDivHalfUp(2_147_483_647, 190_000, 1_190_000)).toBe(342_875_540)
  })

  it('is never more than half a unit from the exact quotient', () => {
    fc.assert(
      fc.property(
        fc.nat(2 ** 31),
        fc.nat(2_000_000),
        fc.integer({ min: 1, max: 3_000_000 }),
        (a, m, d) => {
          const r = BigInt(mulDivHalfUp(a, m, d))
          const twice = 2n * (r * BigInt(d) - BigInt(a) * BigInt(m))
          // -d < 2(r·d − a·m) <= d  ⇔  the exact value lies in (r − ½, r + ½].
          expect(twice > -BigInt(d) && twice <= BigInt(d)).toBe(true)
        },
      ),
    )
  })
})

describe('allocate', () => {
  it('gives the leftover units to the largest remainders, ties to the earlier line', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(allocate(10, [3, 3, 4])).toEqual([3, 3, 4])
    expect(allocate(5, [100, 250, 650])).toEqual([1, 1, 3])
    expect(allocate(0, [0, 0])).toEqual([0, 0])
  })

  it('refuses to allocate something over nothing', () => {
    expect(() => allocate(1, [0, 0])).toThrow(RangeError)
    expect(() => allocate(-1, [1])).toThrow(RangeError)
  })

  it('sums exactly, is proportional within one unit and never exceeds a weight', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(2 ** 31 - 1), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, f) => {
          const sum = weights.reduce((a, w) => a + w, 0)
          fc.pre(sum > 0)
          const total = Math.floor(sum * f)
          const shares = allocate(total, weights)
          expect(shares.reduce((a, s) => a + s, 0)).toBe(total)
          shares.forEach((s, i) => {
            const w = weights[i] as number
            expect(s).toBeLessThanOrEqual(w)
            const exact = (BigInt(total) * BigInt(w) * 1000n) / BigInt(sum)
            expect(BigInt(s) * 1000n - exact < 1000n && exact - BigInt(s) * 1000n < 1000n).toBe(
              true,
            )
          })
        },
      ),
    )
  })
})
