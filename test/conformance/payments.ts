/** @module The Payments port's conformance suite; every adapter must pass it unchanged. */
import { describe, expect, it } from 'vitest'
import { AppError } from '#domain/errors'
import type { PaymentsPort, WebhookDelivery } from '#domain/ports/payments'

/** What the provider would report about one payment. */
export interface ProviderReport {
  kind: 'succeeded' | 'failed' | 'refunded'
  paymentId: string
  orderId: string
  amountMinor: number
  currency: string
}

/** An adapter, and the provider's side of it: deliveries signed as that provider signs them. */
export interface PaymentsHarness {
  make(): PaymentsPort
  deliver(
    report: ProviderReport,
    opts: { atSeconds: number; nowSeconds: number; secret?: string },
  ): Promise<WebhookDelivery>
}

const NOW = 1_800_000_000

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError)
      return `${e.code}:${(e.details as { reason?: string } | undefined)?.reason}`
    throw e
  }
  return 'accepted'
}

/** Runs the suite against one adapter. */
export function describePaymentsConformance(name: string, harness: PaymentsHarness) {
  describe(`Payments conformance: ${name}`, () => {
    const order = {
      orderId: 'f'.repeat(64),
      amountMinor: 4_321,
      currency: 'EUR',
      idempotencyKey: 'conf-key-1',
    }

    it('creates a payment for the order total, the same one again for the same key', async () => {
      const payments = harness.make()
      const created = await payments.createPayment(order)
      expect(created).toMatchObject({
        provider: payments.provider,
        amountMinor: 4_321,
        currency: 'EUR',
      })
      expect(created.paymentId).not.toBe('')
      expect((await payments.createPayment(order)).paymentId).toBe(created.paymentId)
    })

    it('reads a signed success for the created payment, with the same event id on redelivery', async () => {
      const payments = harness.make()
      const { paymentId } = await payments.createPayment(order)
      const report = { kind: 'succeeded' as const, paymentId, ...order }
      const first = await payments.readWebhook(
        await harness.deliver(report, { atSeconds: NOW, nowSeconds: NOW }),
      )
      expect(first).toMatchObject({
        kind: 'event',
        event: {
          type: 'payment.succeeded',
          paymentId,
          orderId: order.orderId,
          amountMinor: 4_321,
          currency: 'EUR',
        },
      })
      const again = await payments.readWebhook(
        await harness.deliver(report, { atSeconds: NOW + 60, nowSeconds: NOW + 60 }),
      )
      expect(
        again.kind === 'event' &&
          first.kind === 'event' &&
          again.event.eventId === first.event.eventId,
      ).toBe(true)
    })

    it('reads a failure and a refund of the payment', async () => {
      const payments = harness.make()
      const { paymentId } = await payments.createPayment(order)
      const failed = await payments.readWebhook(
        await harness.deliver(
          { kind: 'failed', paymentId, ...order },
          { atSeconds: NOW, nowSeconds: NOW },
        ),
      )
      expect(failed).toMatchObject({
        kind: 'event',
        event: { type: 'payment.failed', paymentId, orderId: order.orderId },
      })
      const refunded = await payments.readWebhook(
        await harness.deliver(
          { kind: 'refunded', paymentId, ...order, amountMinor: 1_000 },
          { atSeconds: NOW, nowSeconds: NOW },
        ),
      )
      expect(refunded).toMatchObject({
        kind: 'event',
        event: { type: 'payment.refunded', paymentId, refundedMinor: 1_000, currency: 'EUR' },
      })
    })

    it('refuses a delivery that is unsigned, signed with another secret, altered or stale', async () => {
      const payments = harness.make()
      const report = { kind: 'succeeded' as const, paymentId: 'p-1', ...order }
      const good = await harness.deliver(report, { atSeconds: NOW, nowSeconds: NOW })
      expect(await refusal(payments.readWebhook({ ...good, headers: new Headers() }))).toBe(
        'invalid_signature:missing',
      )
      const other = await harness.deliver(report, {
        atSeconds: NOW,
        nowSeconds: NOW,
        secret: 'another-secret',
      })
      expect(await refusal(payments.readWebhook(other))).toBe('invalid_signature:mismatch')
      const altered = { ...good, body: good.body.replace('4321', '4322') }
      expect(altered.body).not.toBe(good.body)
      expect(await refusal(payments.readWebhook(altered))).toBe('invalid_signature:mismatch')
      const stale = await harness.deliver(report, { atSeconds: NOW - 301, nowSeconds: NOW })
      expect(await refusal(payments.readWebhook(stale))).toBe('invalid_signature:stale')
      expect(await refusal(payments.readWebhook(good))).toBe('accepted')
    })
  })
}

/**
 * The failure half, for adapters with a service behind them (the local provider has none): with
 * the provider unreachable, creating a payment fails with the one UpstreamError shape, retryable,
 * since the idempotency key makes a retry safe.
 */
export function describePaymentsFailures(name: string, make: () => PaymentsPort, service: string) {
  describe(`Payments conformance, failures: ${name}`, () => {
    it(`fails createPayment with UpstreamError naming ${service}`, async () => {
      const input = {
        orderId: 'o-unreachable',
        amountMinor: 100,
        currency: 'EUR',
        idempotencyKey: 'conf-down',
      }
      const error = await make()
        .createPayment(input)
        .then(
          (value) => ({ resolved: value }),
          (err: unknown) => err,
        )
      expect(error).toMatchObject({
        name: 'UpstreamError',
        code: 'upstream_unavailable',
        service,
        retryable: true,
        details: { service, retryable: true },
      })
    })
  })
}
