/** @module Shipping zones and tax settings through the admin API in workerd: stored, checked, admins only. */
import { describe, expect, it } from 'vitest'
import { ADMIN_KEY, call, signUp } from '#test/workers/accounts'

const zones = [
  {
    id: 'eu',
    name: 'EU',
    countries: ['DE', 'FR'],
    methods: [
      {
        id: 'eu-std',
        name: 'Standard',
        rate: { kind: 'free_over', amountMinor: 490, freeFromMinor: 5_000 },
      },
      {
        id: 'eu-heavy',
        name: 'By weight',
        rate: {
          kind: 'weight',
          brackets: [
            { upToGrams: 1_000, amountMinor: 500 },
            { upToGrams: 5_000, amountMinor: 900 },
          ],
        },
      },
    ],
  },
  {
    id: 'us',
    name: 'US',
    countries: ['US'],
    methods: [{ id: 'us-flat', name: 'Flat', rate: { kind: 'flat', amountMinor: 1_500 } }],
  },
]

const tax = {
  pricesIncludeTax: true,
  originCountry: 'DE',
  shipping: 'proportional',
  rates: [
    { country: 'DE', standardPpm: 190_000, reducedPpm: 70_000 },
    { country: 'US', region: 'NY', standardPpm: 88_750, reducedPpm: 0 },
  ],
}

const put = (path: string, json: unknown, token = ADMIN_KEY) =>
  call(path, { method: 'PUT', json, token })
const get = async (path: string) => (await call(path, { token: ADMIN_KEY })).json()

describe('admin store settings', () => {
  it('replaces and reads back the shipping zones', async () => {
    const res = await put('/v1/admin/shipping-zones', { zones })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ zones })
    expect(await get('/v1/admin/shipping-zones')).toEqual({ zones })
  })

  it('refuses zones that overlap or rates that do not grow, and writes nothing', async () => {
    await put('/v1/admin/shipping-zones', { zones })
    const overlap = [...zones, { id: 'de-too', name: 'DE again', countries: ['DE'], methods: [] }]
    const shrinking = [
      {
        ...zones[1],
        methods: [
          {
            id: 'w',
            name: 'W',
            rate: {
              kind: 'weight',
              brackets: [
                { upToGrams: 900, amountMinor: 1 },
                { upToGrams: 100, amountMinor: 2 },
              ],
            },
          },
        ],
      },
    ]
    for (const bad of [overlap, shrinking, [{ ...zones[0], countries: ['XX'] }]]) {
      const res = await put('/v1/admin/shipping-zones', { zones: bad })
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'validation_failed',
      )
    }
    expect(await get('/v1/admin/shipping-zones')).toEqual({ zones })
  })

  it('replaces and reads back the tax settings, tax mode included', async () => {
    const res = await put('/v1/admin/tax-rates', { tax })
    expect(res.status).toBe(200)
    expect(await get('/v1/admin/tax-rates')).toEqual({
      tax: { ...tax, rates: [tax.rates[0], tax.rates[1]] },
    })
    const exclusive = { ...tax, pricesIncludeTax: false }
    expect((await put('/v1/admin/tax-rates', { tax: exclusive })).status).toBe(200)
    expect(((await get('/v1/admin/tax-rates')) as { tax: typeof tax }).tax.pricesIncludeTax).toBe(
      false,
    )
  })

  it('refuses bad tax settings and writes nothing', async () => {
    await put('/v1/admin/tax-rates', { tax })
    const duplicate = { ...tax, rates: [...tax.rates, tax.rates[0]] }
    const { pricesIncludeTax: _, ...noMode } = tax
    const tooHigh = { ...tax, rates: [{ country: 'DE', standardPpm: 1_000_001, reducedPpm: 0 }] }
    for (const bad of [duplicate, noMode, tooHigh, { ...tax, extra: 1 }]) {
      const res = await put('/v1/admin/tax-rates', { tax: bad })
      expect(res.status).toBe(400)
    }
    expect(await get('/v1/admin/tax-rates')).toEqual({ tax })
  })

  it('answers admins only', async () => {
    const shopper = await signUp('shopper')
    expect((await call('/v1/admin/shipping-zones', { token: shopper.token })).status).toBe(403)
    expect((await put('/v1/admin/tax-rates', { tax }, shopper.token)).status).toBe(403)
    expect((await call('/v1/admin/tax-rates')).status).toBe(401)
  })
})
