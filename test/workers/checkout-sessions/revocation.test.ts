/**
 * @module Checkout checks the token's session in the shopper's object, not in the users table:
 * a revoked token is refused on its next checkout with no database query by the Worker, and a
 * revocation whose table write was lost is completed by the first checkout it refuses.
 */
import { env } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { D1DatabaseAdapter } from '#adapters/d1/database'
import { readMeter, resetMeter } from '#objects/shared/ops-meter'
import { Shoppers } from '#objects/shopper/adapter'
import { call, type SignedUp, signUp } from '../accounts'
import { newKey, placeOrder, productWith, receive } from '../checkout-helpers'

const METERED = { OPS_METER: 'on' }
const users = () => new D1DatabaseAdapter(env.DB).users

let sku: string
beforeEach(async () => {
  ;[sku] = (await productWith([1_000])) as [string]
  await receive(sku, 50)
})

/** One checkout of one unit; its status, error code and the database queries the Worker made. */
async function checkout(token: string) {
  resetMeter()
  const res = await placeOrder(token, { items: [{ sku, quantity: 1 }] }, newKey(), METERED)
  const body = (await res.json()) as { error?: { code: string; details?: unknown } }
  return { status: res.status, code: body.error?.code, queries: readMeter().dbQueries }
}

async function signIn(u: SignedUp): Promise<string> {
  const res = await call('/v1/auth/login', {
    method: 'POST',
    json: { email: u.email, password: u.password },
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { token: string }).token
}

describe('checkout sessions, checked by the shopper object', () => {
  it('places an order and refuses a signed-out token without reading the users table', async () => {
    const u = await signUp()
    expect(await checkout(u.token)).toEqual({ status: 201, code: undefined, queries: 0 })
    expect((await call('/v1/auth/logout', { method: 'POST', token: u.token })).status).toBe(204)
    expect(await checkout(u.token)).toEqual({ status: 401, code: 'unauthorized', queries: 0 })
    // A new sign-in checks out again.
    expect(await checkout(await signIn(u))).toMatchObject({ status: 201, queries: 0 })
  })

  it('refuses the tokens before a password change, and of a deleted account', async () => {
    const u = await signUp()
    const changed = await call('/v1/me/password', {
      method: 'POST',
      token: u.token,
      json: { currentPassword: u.password, newPassword: 'another long passphrase' },
    })
    expect(changed.status).toBe(200)
    const { token } = (await changed.json()) as { token: string }
    expect(await checkout(u.token)).toEqual({ status: 401, code: 'unauthorized', queries: 0 })
    expect(await checkout(token)).toMatchObject({ status: 201, queries: 0 })

    const gone = await signUp()
    const deleted = await call('/v1/me', {
      method: 'DELETE',
      token: gone.token,
      json: { password: gone.password },
    })
    expect(deleted.status).toBe(204)
    expect(await checkout(gone.token)).toEqual({ status: 401, code: 'unauthorized', queries: 0 })
  })

  it('keeps a wrong current password from ending any session', async () => {
    const u = await signUp()
    const res = await call('/v1/me/password', {
      method: 'POST',
      token: u.token,
      json: { currentPassword: 'not the password', newPassword: 'another long passphrase' },
    })
    expect(res.status).toBe(401)
    expect(await checkout(u.token)).toMatchObject({ status: 201 })
  })

  it('completes a revocation whose users-table write was lost, at the first refusal', async () => {
    const u = await signUp()
    // A sign-out that raised the floor in the object, then failed before the table write.
    await new Shoppers(env.SHOPPER).endSessions(u.user.id, 1)
    expect((await users().findById(u.user.id))?.sessionVersion).toBe(0)
    const refused = await checkout(u.token)
    expect([refused.status, refused.code]).toEqual([401, 'unauthorized'])
    // Only this refusal reads the table (and writes it): the meter does see the Worker's queries.
    expect(refused.queries).toBeGreaterThan(0)
    // The refusal finished the revocation: the table now ends that token too, everywhere.
    expect((await users().findById(u.user.id))?.sessionVersion).toBe(1)
    expect((await call('/v1/cart', { token: u.token })).status).toBe(401)
    // And a new sign-in gets the version the object accepts.
    expect(await checkout(await signIn(u))).toMatchObject({ status: 201, queries: 0 })
  })
})
