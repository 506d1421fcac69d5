/**
 * @module An account's saved addresses (issue 16 point 1): kept in its Shopper object, validated
 * per country with nothing written on a refusal, at most 10, the account's own only, in the
 * export, and gone with the account.
 */
import { describe, expect, it } from 'vitest'
import { stubOf } from '#objects/shopper/test-helpers'
import { call, errorCode, signUp, uniqueEmail } from '../accounts'

type Saved = {
  id: string
  label: string | null
  isDefault: boolean
  address: { name: string; postalCode?: string; country: string; city: string }
}

const HOME = {
  name: 'Ada Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postalCode: 'sw1y 4jh',
  country: 'gb',
}
const BERLIN = {
  name: 'Ada L',
  line1: 'Unter den Linden 1',
  city: 'Berlin',
  postalCode: '10117',
  country: 'DE',
}

async function list(token: string): Promise<Saved[]> {
  const res = await call('/v1/me/addresses', { token })
  expect(res.status).toBe(200)
  return ((await res.json()) as { items: Saved[] }).items
}

function save(token: string, json: unknown) {
  return call('/v1/me/addresses', { method: 'POST', token, json })
}

describe('saved addresses', () => {
  it('adds, lists and deletes, the default first', async () => {
    const { token } = await signUp()
    expect(await list(token)).toEqual([])
    const first = await save(token, { address: HOME, label: 'Home' })
    expect(first.status).toBe(201)
    const home = (await first.json()) as Saved
    expect(home).toMatchObject({ label: 'Home', isDefault: false })
    expect(home.id).toMatch(/^[0-9a-f]{32}$/)
    // Parsed as checkout parses it: country upper-cased, postal code in its country's form.
    expect(home.address).toMatchObject({ country: 'GB', postalCode: 'SW1Y 4JH' })
    const second = await save(token, { address: BERLIN, isDefault: true })
    expect(second.status).toBe(201)
    const berlin = (await second.json()) as Saved
    expect((await list(token)).map((a) => [a.id, a.isDefault])).toEqual([
      [berlin.id, true],
      [home.id, false],
    ])
    // A new default unsets the old one.
    const third = (await (await save(token, { address: HOME, isDefault: true })).json()) as Saved
    expect((await list(token)).filter((a) => a.isDefault).map((a) => a.id)).toEqual([third.id])

    const del = await call(`/v1/me/addresses/${home.id}`, { method: 'DELETE', token })
    expect(del.status).toBe(204)
    expect((await list(token)).map((a) => a.id).sort()).toEqual([berlin.id, third.id].sort())
    const again = await call(`/v1/me/addresses/${home.id}`, { method: 'DELETE', token })
    expect(again.status).toBe(404)
    expect(await errorCode(again)).toBe('not_found')
    const bogus = await call('/v1/me/addresses/not-an-id', { method: 'DELETE', token })
    expect(bogus.status).toBe(404)
  })

  it('refuses a bad country, postal code, label or shape with 400 and writes nothing', async () => {
    const { token, user } = await signUp()
    const bad = [
      { address: { ...HOME, country: 'XX' } },
      { address: { ...HOME, postalCode: '12345' } },
      { address: { ...BERLIN, postalCode: 'ABCDE' } },
      { address: { ...HOME, postalCode: undefined } },
      { address: { ...HOME, city: '' } },
      { address: { ...HOME, extra: 1 } },
      { address: { name: 'x', line1: 'y', city: 'Austin', postalCode: '78701', country: 'US' } },
      { address: HOME, label: 'x'.repeat(51) },
      { address: HOME, isDefault: 'yes' },
      { address: HOME, unknown: true },
      {},
    ]
    for (const body of bad) {
      const res = await save(token, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(await errorCode(res)).toBe('validation_failed')
    }
    expect(await list(token)).toEqual([])
    // The object itself refuses what the route would have let through.
    const direct = await stubOf(user.id).addAddress({ address: { ...HOME, country: 'ZZ' } })
    expect(direct).toMatchObject({ ok: false, error: { code: 'validation_failed' } })
    expect(await stubOf(user.id).addresses()).toEqual([])
  })

  it('keeps at most 10 per account', async () => {
    const { token } = await signUp()
    for (let i = 0; i < 10; i++)
      expect((await save(token, { address: BERLIN, label: `a${i}` })).status).toBe(201)
    const eleventh = await save(token, { address: BERLIN, label: 'one too many' })
    expect(eleventh.status).toBe(400)
    expect(await errorCode(eleventh)).toBe('validation_failed')
    const kept = await list(token)
    expect(kept).toHaveLength(10)
    expect(kept.some((a) => a.label === 'one too many')).toBe(false)
    // Deleting one makes room again.
    expect(
      (await call(`/v1/me/addresses/${kept[0]?.id}`, { method: 'DELETE', token })).status,
    ).toBe(204)
    expect((await save(token, { address: BERLIN })).status).toBe(201)
  })

  it('belongs to the account: guests are refused, and no one sees or deletes another’s', async () => {
    const guest = await call('/v1/guest', { method: 'POST', json: { email: uniqueEmail('guest') } })
    expect(guest.status).toBe(201)
    const guestToken = ((await guest.json()) as { token: string }).token
    expect((await call('/v1/me/addresses', { token: guestToken })).status).toBe(403)
    expect((await save(guestToken, { address: HOME })).status).toBe(403)
    expect((await call('/v1/me/addresses')).status).toBe(401)

    const owner = await signUp()
    const other = await signUp()
    const saved = (await (await save(owner.token, { address: HOME })).json()) as Saved
    expect(await list(other.token)).toEqual([])
    const steal = await call(`/v1/me/addresses/${saved.id}`, {
      method: 'DELETE',
      token: other.token,
    })
    expect(steal.status).toBe(404)
    expect((await list(owner.token)).map((a) => a.id)).toEqual([saved.id])
  })

  it('is in the export and is deleted with the account', async () => {
    const user = await signUp()
    const saved = (await (await save(user.token, { address: HOME, label: 'Home' })).json()) as Saved
    const exported = await call('/v1/me/export', { token: user.token })
    expect(exported.status).toBe(200)
    const data = (await exported.json()) as { addresses: Saved[] }
    expect(data.addresses).toEqual([saved])

    const deleted = await call('/v1/me', {
      method: 'DELETE',
      token: user.token,
      json: { password: user.password },
    })
    expect(deleted.status).toBe(204)
    expect(await stubOf(user.user.id).addresses()).toEqual([])
  })
})
