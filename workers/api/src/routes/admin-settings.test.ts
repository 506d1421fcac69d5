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

// In this file, not its own: both write the store's one settings object, and a file runs in order.
describe('GET /v1/shipping/quote', () => {
  async function product(prices: number[], status = 'active'): Promise<string[]> {
    const tag = crypto.randomUUID().slice(0, 8).toUpperCase()
    const skus = prices.map((_, i) => `SQ-${tag}-${i}`)
    const res = await call('/v1/admin/products', {
      method: 'POST',
      token: ADMIN_KEY,
      json: {
        title: `Quoted ${tag}`,
        category: 'test',
        brand: 'Acme',
        status,
        variants: prices.map((priceMinor, i) => ({ sku: skus[i], priceMinor })),
      },
    })
    expect(res.status).toBe(201)
    return skus
  }
  const quote = async (query: string) => call(`/v1/shipping/quote?${query}`)

  it('quotes the zone’s methods from catalog prices, free over the threshold, cheapest first', async () => {
    await put('/v1/admin/shipping-zones', { zones })
    const [cheap, dear] = await product([1_000, 3_000])
    const small = await quote(`country=de&items=${cheap}:2`)
    expect(small.status).toBe(200)
    expect(await small.json()).toEqual({
      country: 'DE',
      currency: 'EUR',
      methods: [
        { methodId: 'eu-std', name: 'Standard', zoneId: 'eu', amountMinor: 490 },
        { methodId: 'eu-heavy', name: 'By weight', zoneId: 'eu', amountMinor: 500 },
      ],
    })
    // 1 000 + 2 × 3 000 reaches the 5 000 threshold: standard shipping is free.
    const big = (await (await quote(`country=DE&items=${cheap}:1,${dear}:2`)).json()) as {
      methods: { methodId: string; amountMinor: number }[]
    }
    expect(big.methods[0]).toMatchObject({ methodId: 'eu-std', amountMinor: 0 })
    expect((await (await quote(`country=JP&items=${cheap}:1`)).json()) as object).toMatchObject({
      methods: [],
    })
  })

  it('deducts an applicable automatic promotion before the free-over threshold', async () => {
    await put('/v1/admin/shipping-zones', { zones })
    const [sku] = await product([5_000])
    const before = (await (await quote(`country=FR&items=${sku}:1`)).json()) as {
      methods: { amountMinor: number }[]
    }
    expect(before.methods[0]?.amountMinor).toBe(0)
    const promo = {
      id: `auto-${crypto.randomUUID().slice(0, 8)}`,
      code: null,
      value: { kind: 'percentage', basisPoints: 1_000 },
      target: { kind: 'order' },
    }
    expect(
      (await call('/v1/admin/discounts', { method: 'POST', json: promo, token: ADMIN_KEY })).status,
    ).toBe(201)
    const after = (await (await quote(`country=FR&items=${sku}:1`)).json()) as {
      methods: { amountMinor: number }[]
    }
    expect(after.methods[0]?.amountMinor).toBe(490)
    const off = { ...promo, endsAt: Date.now() - 1, startsAt: Date.now() - 2 }
    await call(`/v1/admin/discounts/${promo.id}`, { method: 'PUT', json: off, token: ADMIN_KEY })
  })

  it('refuses bad queries with 400 and unknown or draft SKUs with 422', async () => {
    const [sku] = await product([1_000])
    const [draft] = await product([1_000], 'draft')
    for (const q of [
      `country=XX&items=${sku}:1`,
      `country=DE&items=${sku}:0`,
      `country=DE&items=${sku}:1,${sku}:2`,
      'country=DE',
      `country=DE&items=${sku}`,
    ]) {
      expect((await quote(q)).status).toBe(400)
    }
    const missing = await quote(`country=DE&items=NOPE-${sku}:1,${draft}:1`)
    expect(missing.status).toBe(422)
    expect(await missing.json()).toMatchObject({
      error: { code: 'sku_unavailable', details: [`NOPE-${sku}`, draft] },
    })
  })
})
