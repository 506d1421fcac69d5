/** @module Unit tests of webhook signature checking. */
import { describe, expect, it } from 'vitest'
import { parseSignatureHeader, signPayload, verifySignature } from './signature'

const secret = 'whsec-test'
const body = '{"type":"payment.succeeded","amountMinor":100}'
const now = 1_900_000_000

const check = (header: string | undefined, over: { body?: string; nowSeconds?: number } = {}) =>
  verifySignature({ secret, header, body: over.body ?? body, nowSeconds: over.nowSeconds ?? now })

describe('webhook signatures', () => {
  it('accepts the signature of the exact body within five minutes either way', async () => {
    const header = await signPayload(secret, now, body)
    expect(header).toMatch(/^t=1900000000,v1=[0-9a-f]{64}$/)
    expect(await check(header)).toEqual({ ok: true, timestamp: now })
    expect(await check(header, { nowSeconds: now + 300 })).toMatchObject({ ok: true })
    expect(await check(header, { nowSeconds: now - 300 })).toMatchObject({ ok: true })
  })

  it('refuses a stale timestamp, another body, another secret and a missing header', async () => {
    const header = await signPayload(secret, now, body)
    expect(await check(header, { nowSeconds: now + 301 })).toEqual({ ok: false, reason: 'stale' })
    expect(await check(header, { body: `${body} ` })).toEqual({ ok: false, reason: 'mismatch' })
    expect(await check(await signPayload('other', now, body))).toEqual({
      ok: false,
      reason: 'mismatch',
    })
    expect(await check(undefined)).toEqual({ ok: false, reason: 'missing' })
    // A re-dated header keeps the old MAC, which no longer matches the new timestamp.
    const redated = header.replace(`t=${now}`, `t=${now + 1}`)
    expect(await check(redated)).toEqual({ ok: false, reason: 'mismatch' })
  })

  it('accepts any one matching v1 among several and ignores other schemes', async () => {
    const good = (await signPayload(secret, now, body)).split('v1=')[1] as string
    const header = `t=${now},v0=abc,v1=${'0'.repeat(64)},v1=${good}`
    expect(await check(header)).toMatchObject({ ok: true })
  })

  it('parses strictly', () => {
    for (const bad of [
      '',
      'v1=abc',
      `t=${now}`,
      `t=x,v1=${'a'.repeat(64)}`,
      `t=${now},v1=${'A'.repeat(64)}`,
      `t=${now},t=${now},v1=${'a'.repeat(64)}`,
      'garbage',
    ])
      expect([bad, parseSignatureHeader(bad)]).toEqual([bad, null])
    expect(parseSignatureHeader(`t=${now}, v1=${'a'.repeat(64)}`)).toEqual({
      timestamp: now,
      signatures: ['a'.repeat(64)],
    })
  })
})
