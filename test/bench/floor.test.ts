/**
 * @module The bench's floor (bench/floor/worker.ts), built and served in workerd as `npm run bench`
 * serves it: a reference is only worth reading if it does the work it stands for, so it must sell
 * no more than its stock, answer a repeated key with the same order, and archive each order once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFloorBundle } from '#bench/build'
import { type Floor, serveFloor } from '#bench/scenarios/floor'

let floor: Floor

beforeAll(async () => {
  floor = await serveFloor(await buildFloorBundle())
})

afterAll(async () => {
  await floor?.mf.dispose()
})

const order = async (shopper: string, key: string, sku: string, quantity: unknown = 1) => {
  const res = await fetch(`${floor.url}/floor/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, 'x-shopper': shopper },
    body: JSON.stringify({ sku, quantity }),
  })
  return { status: res.status, body: await res.text() }
}

const stock = async (sku: string, units?: number) => {
  const res = await fetch(`${floor.url}/floor/stock/${sku}`, {
    method: units === undefined ? 'GET' : 'PUT',
    ...(units === undefined ? {} : { body: String(units) }),
  })
  return ((await res.json()) as { available: number }).available
}

describe('the floor', () => {
  it('sells exactly its stock, once per key, and archives each order once', async () => {
    expect(await stock('T-1', 2)).toBe(2)
    const answers = await Promise.all(
      ['a', 'b', 'c', 'd'].map((shopper) => order(shopper, `k-${shopper}`, 'T-1')),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 409, 409])
    expect(await stock('T-1')).toBe(0)
    const first = answers.find((a) => a.status === 201)
    const id = (JSON.parse(first?.body ?? '{}') as { id: string; shopper: string }).id
    const shopper = (JSON.parse(first?.body ?? '{}') as { shopper: string }).shopper
    const again = await order(shopper, `k-${shopper}`, 'T-1')
    expect(again).toEqual({ status: 201, body: first?.body })
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    const deadline = Date.now() + 15_000
    while ((await floor.archived()) < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200))
    expect(await floor.archived()).toBe(2)
  })

  it('refuses a malformed order and changes nothing', async () => {
    expect(await stock('T-2', 5)).toBe(5)
    expect((await order('e', 'k-e', 'T-2', 'one')).status).toBe(400)
    expect((await order('', 'k-f', 'T-2')).status).toBe(400)
    expect(await stock('T-2')).toBe(5)
  })
})
