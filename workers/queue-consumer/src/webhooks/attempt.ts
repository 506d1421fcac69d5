/** @module One signed HTTP attempt of a delivery, timed, with what came back. */
import { errorMessage } from '#domain/log'
import { deliveryHeaders, type WebhookDelivery } from '#domain/webhooks/delivery'
import { signingSecrets, type WebhookEndpoint } from '#domain/webhooks/endpoint'

/** What an attempt led to; `ok` is a 2xx answer. */
export interface AttemptResult {
  ok: boolean
  responseStatus: number | null
  error: string | null
  startedAt: number
  durationMs: number
}

/**
 * POSTs the delivery's payload to the endpoint, signed with its secrets at this moment. Redirects
 * are not followed (a 3xx is a failure, as the receiver must answer at the URL it registered),
 * and the answer's body is never read: only its status counts.
 */
export async function attemptDelivery(
  endpoint: WebhookEndpoint,
  delivery: WebhookDelivery,
  attempt: number,
  timeoutMs: number,
): Promise<AttemptResult> {
  const startedAt = Date.now()
  const headers = await deliveryHeaders({
    delivery,
    secrets: signingSecrets(endpoint, startedAt),
    attempt,
    nowSeconds: Math.floor(startedAt / 1000),
  })
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers,
      body: delivery.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    await response.body?.cancel()
    const ok = response.status >= 200 && response.status < 300
    return {
      ok,
      responseStatus: response.status,
      error: ok ? null : `HTTP ${response.status}`,
      startedAt,
      durationMs: Date.now() - startedAt,
    }
  } catch (err) {
    const error =
      err instanceof Error && err.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : `request failed: ${errorMessage(err)}`
    return { ok: false, responseStatus: null, error, startedAt, durationMs: Date.now() - startedAt }
  }
}
