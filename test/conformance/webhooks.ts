/** @module The Database port's webhook store conformance suite; every adapter must pass it unchanged. */
import { describe, expect, it } from 'vitest'
import type { DatabasePort } from '#domain/ports/database'
import { newDelivery } from '#domain/webhooks/delivery'
import type { WebhookEndpoint } from '#domain/webhooks/endpoint'

/** Runs the suite; `key` must give ids unique to this run. */
export function describeWebhooksConformance(
  name: string,
  make: () => DatabasePort,
  key: (k: string) => string,
) {
  describe(`Webhook store conformance: ${name}`, () => {
    const hex = () => crypto.randomUUID().replace(/-/g, '')
    const endpoint = (overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
      id: `whe_${hex()}`,
      url: 'https://shop.example/hooks',
      description: 'größe 😀',
      eventTypes: ['order.paid', 'stock.low'],
      enabled: true,
      secret: `whsec_${hex()}`,
      previousSecret: null,
      previousSecretExpiresAt: null,
      createdAt: 5_000_000_000_000,
      updatedAt: 5_000_000_000_000,
      ...overrides,
    })
    const event = (id: string) => ({
      id: key(id),
      type: 'order.paid' as const,
      createdAt: new Date(0).toISOString(),
      data: { text: 'größe 😀', n: 1 },
    })

    it('creates, reads, changes and deletes endpoints, secrets included', async () => {
      const db = make()
      const e = endpoint()
      await db.webhooks.createEndpoint(e)
      expect(await db.webhooks.getEndpoint(e.id)).toEqual(e)
      expect((await db.webhooks.listEndpoints()).find((x) => x.id === e.id)).toEqual(e)
      const changed = await db.webhooks.updateEndpoint(e.id, {
        enabled: false,
        eventTypes: ['stock.out'],
        secret: 'whsec_next',
        previousSecret: e.secret,
        previousSecretExpiresAt: 6_000_000_000_000,
        updatedAt: 5_000_000_000_001,
      })
      expect(changed).toEqual({
        ...e,
        enabled: false,
        eventTypes: ['stock.out'],
        secret: 'whsec_next',
        previousSecret: e.secret,
        previousSecretExpiresAt: 6_000_000_000_000,
        updatedAt: 5_000_000_000_001,
      })
      expect(await db.webhooks.updateEndpoint(`whe_${hex()}`, { updatedAt: 1 })).toBeNull()
      expect(await db.webhooks.deleteEndpoint(e.id)).toBe(true)
      expect(await db.webhooks.deleteEndpoint(e.id)).toBe(false)
      expect(await db.webhooks.getEndpoint(e.id)).toBeNull()
    })

    it('stores one delivery per endpoint and event, and returns the stored one on repeats', async () => {
      const db = make()
      const endpointId = `whe_${hex()}`
      const first = newDelivery(endpointId, event('d1'), 5_000_000_000_000)
      const [stored] = await db.webhooks.addDeliveries([first])
      expect(stored).toEqual(first)
      const again = newDelivery(endpointId, event('d1'), 5_000_000_000_001)
      const other = newDelivery(endpointId, event('d2'), 5_000_000_000_002)
      expect(await db.webhooks.addDeliveries([again, other])).toEqual([first, other])
      expect(await db.webhooks.getDelivery(first.id)).toEqual(first)
      expect(await db.webhooks.getDelivery(again.id)).toBeNull()
    })

    it('lets one of concurrent claims through, logs attempts once, and restarts a round', async () => {
      const db = make()
      const d = newDelivery(`whe_${hex()}`, event('claim'), 5_000_000_000_000)
      await db.webhooks.addDeliveries([d])
      const now = 5_000_000_001_000
      const claims = await Promise.all(
        Array.from({ length: 5 }, () => db.webhooks.claimDelivery(d.id, now, now + 60_000)),
      )
      expect(claims.filter((c) => c.claimed)).toHaveLength(1)
      expect(claims.find((c) => !c.claimed)?.delivery).toMatchObject({ leaseUntil: now + 60_000 })
      const attempt = {
        deliveryId: d.id,
        attempt: 1,
        responseStatus: 500,
        durationMs: 12,
        error: 'HTTP 500',
        startedAt: now,
      }
      const outcome = { status: 'pending' as const, leaseUntil: now + 30_000, error: 'HTTP 500' }
      await db.webhooks.recordAttempt(attempt, outcome)
      await db.webhooks.recordAttempt({ ...attempt, responseStatus: 502 }, outcome)
      expect(await db.webhooks.listAttempts(d.id)).toEqual([attempt])
      expect(await db.webhooks.getDelivery(d.id)).toMatchObject({
        status: 'pending',
        attempts: 1,
        roundAttempts: 1,
        leaseUntil: now + 30_000,
        lastError: 'HTTP 500',
        updatedAt: now + 12,
      })
      // Held by its backoff, then claimable once it has passed.
      expect((await db.webhooks.claimDelivery(d.id, now + 29_999, now + 90_000)).claimed).toBe(
        false,
      )
      expect((await db.webhooks.claimDelivery(d.id, now + 30_000, now + 90_000)).claimed).toBe(true)
      const second = {
        ...attempt,
        attempt: 2,
        responseStatus: 200,
        error: null,
        startedAt: now + 30_000,
      }
      await db.webhooks.recordAttempt(second, { status: 'delivered', leaseUntil: 0, error: null })
      expect(await db.webhooks.getDelivery(d.id)).toMatchObject({
        status: 'delivered',
        attempts: 2,
        roundAttempts: 2,
        deliveredAt: now + 30_012,
      })
      expect((await db.webhooks.claimDelivery(d.id, now + 99_000, now + 99_999)).claimed).toBe(
        false,
      )
      expect(await db.webhooks.restartDelivery(d.id, now + 100_000)).toMatchObject({
        status: 'pending',
        attempts: 2,
        roundAttempts: 0,
        leaseUntil: 0,
      })
      expect((await db.webhooks.claimDelivery(d.id, now + 100_000, now + 160_000)).claimed).toBe(
        true,
      )
      expect(await db.webhooks.restartDelivery(`whd_${hex()}`, now)).toBeNull()
      expect((await db.webhooks.claimDelivery(`whd_${hex()}`, now, now)).delivery).toBeNull()
    })

    it('lists deliveries newest first, by endpoint and status, a page at a time', async () => {
      const db = make()
      const endpointId = `whe_${hex()}`
      const at = 5_100_000_000_000 + Math.floor(Math.random() * 1_000_000)
      const made = [0, 1, 1, 2].map((offset, i) =>
        newDelivery(endpointId, event(`list-${i}`), at + offset),
      )
      await db.webhooks.addDeliveries(made)
      const all = await db.webhooks.listDeliveries({ endpointId, limit: 10 })
      const expected = [...made].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      expect(all.map((d) => d.id)).toEqual(expected.map((d) => d.id))
      const page = await db.webhooks.listDeliveries({ endpointId, limit: 2 })
      const last = page.at(-1) as (typeof page)[number]
      const rest = await db.webhooks.listDeliveries({ endpointId, limit: 10, before: last })
      expect([...page, ...rest].map((d) => d.id)).toEqual(expected.map((d) => d.id))
      expect(await db.webhooks.listDeliveries({ endpointId, status: 'failed', limit: 10 })).toEqual(
        [],
      )
    })
  })
}
