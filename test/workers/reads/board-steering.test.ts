/**
 * @module Public boards cannot be steered by one client: a search counts for trending only when it
 * finds products, in a bounded plain form, once per client per window; staff can hide a term;
 * product views count once per client per window.
 */
import { describe, expect, it } from 'vitest'
import { popularityKey } from '#domain/catalog/search-document'
import { DurableObjectCounters } from '#objects/counters/adapter'
import { signUp } from '#test/workers/accounts'
import {
  ADMIN_KEY,
  call,
  createProduct,
  env,
  indexDocument,
  readProduct,
  searchAs,
  trendingOf,
} from './helpers'

const tag = () => `s${crypto.randomUUID().slice(0, 8)}`

describe('board steering', () => {
  it('counts thirty searches from one client as one, and each other client once', async () => {
    const t = tag()
    await indexDocument(`Trail Runner ${t}`)
    for (let i = 0; i < 30; i++)
      expect((await searchAs(`trail ${t}`, '203.0.113.1')).status).toBe(200)
    for (const ip of ['203.0.113.2', '203.0.113.3'])
      expect((await searchAs(`Trail  ${t}`, ip)).status).toBe(200)
    expect(await trendingOf(t)).toEqual([{ member: `trail ${t}`, score: 3 }])
  })

  it('never counts a query that finds nothing, such as markup with a link', async () => {
    const t = tag()
    for (let i = 0; i < 30; i++) {
      const q = `<img src=x onerror=alert(1)> cheap pills at evil.example ${t}`
      expect((await searchAs(q, `203.0.113.${10 + i}`)).status).toBe(200)
      expect((await searchAs(`nothing ${t}`, `203.0.113.${10 + i}`)).status).toBe(200)
    }
    expect(await trendingOf(t)).toEqual([])
  })

  it('counts a query that found products in its bounded plain form only', async () => {
    const t = tag()
    await indexDocument(`Jacket ${t}`)
    const many = `jacket ${t} ${t} ${t} ${t} ${t}`
    for (const [q, ip] of [
      [`JACKET! ${t}`, '203.0.113.50'],
      [many, '203.0.113.51'],
    ] as const) {
      const res = await searchAs(q, ip)
      expect(((await res.json()) as { total: number }).total).toBe(1)
    }
    expect(await trendingOf(t)).toEqual([{ member: `jacket ${t}`, score: 1 }])
  })

  it('lets staff hide a term from the board and show it again; shoppers may not', async () => {
    const t = tag()
    await indexDocument(`Hidden Gem ${t}`)
    for (const ip of ['203.0.113.60', '203.0.113.61'])
      expect((await searchAs(`gem ${t}`, ip)).status).toBe(200)
    expect(await trendingOf(t)).toEqual([{ member: `gem ${t}`, score: 2 }])

    const shopper = await signUp()
    const path = `/v1/admin/trending/hidden/${encodeURIComponent(`GEM  ${t}`)}`
    expect((await call(path, { method: 'PUT', token: shopper.token })).status).toBe(403)
    const hidden = await call(path, { method: 'PUT', token: ADMIN_KEY })
    expect(hidden.status).toBe(200)
    expect(((await hidden.json()) as { terms: string[] }).terms).toContain(`gem ${t}`)
    expect(await trendingOf(t)).toEqual([])
    const listed = await call('/v1/admin/trending/hidden', { token: ADMIN_KEY })
    expect(((await listed.json()) as { terms: string[] }).terms).toContain(`gem ${t}`)

    expect((await call(path, { method: 'DELETE', token: ADMIN_KEY })).status).toBe(200)
    expect(await trendingOf(t)).toEqual([{ member: `gem ${t}`, score: 2 }])
    const bad = await call('/v1/admin/trending/hidden/%3C%3E', { method: 'PUT', token: ADMIN_KEY })
    expect(bad.status).toBe(400)
  })

  it('counts sixty reads of a product by one client as one view', async () => {
    const { id } = await createProduct('Popular By Script')
    const counters = new DurableObjectCounters(env.COUNTERS)
    const before = await counters.get(popularityKey(id))
    for (let i = 0; i < 60; i++) expect((await readProduct(id, '203.0.113.70')).status).toBe(200)
    expect((await readProduct(id, '203.0.113.71')).status).toBe(200)
    expect((await counters.get(popularityKey(id))) - before).toBe(2)
  })
})
