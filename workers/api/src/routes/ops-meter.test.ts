/** @module The operations meter's routes: 404 when off, read and reset when the bench turns it on. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { meterEnv } from '#objects/shared/ops-meter'
import { ADMIN_KEY, call } from '#test/workers/accounts'

const ON = { OPS_METER: 'on' }
const run = crypto.randomUUID().slice(0, 8)

describe('GET and DELETE /v1/ops/meter', () => {
  it('answer 404 while OPS_METER is not on, even to the admin key', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await call('/v1/ops/meter', { method, token: ADMIN_KEY })
      expect(res.status).toBe(404)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
    }
  })
  it('read and reset the counts while it is on', async () => {
    const metered = meterEnv({ ...env, ...ON })
    await metered.CATALOG_KV.get(`meter:${run}`)
    const read = await call('/v1/ops/meter', { token: ADMIN_KEY }, ON)
    expect(read.status).toBe(200)
    expect(((await read.json()) as { kvReads: number }).kvReads).toBe(1)
    const reset = await call('/v1/ops/meter', { method: 'DELETE', token: ADMIN_KEY }, ON)
    expect(reset.status).toBe(204)
    const after = await call('/v1/ops/meter', { token: ADMIN_KEY }, ON)
    expect(((await after.json()) as { kvReads: number }).kvReads).toBe(0)
  })
})
