/** @module The consumer's outbound-webhook settings, read once per batch from its variables. */

/** The queue outbound webhooks are delivered from (both wrangler.toml files name it). */
export const WEBHOOK_QUEUE = 'webhook-deliveries'

/** How deliveries are attempted and when stock counts as low. */
export interface WebhookSettings {
  maxAttempts: number
  retryBaseSeconds: number
  timeoutMs: number
  lowStockThreshold: number
}

/** The variables of workers/queue-consumer/wrangler.toml, as strings or absent. */
export interface WebhookVars {
  WEBHOOK_MAX_ATTEMPTS?: string
  WEBHOOK_RETRY_BASE_SECONDS?: string
  WEBHOOK_TIMEOUT_MS?: string
  LOW_STOCK_THRESHOLD?: string
}

const positive = (raw: string | undefined, fallback: number) => {
  const n = Number(raw)
  return Number.isInteger(n) && n > 0 ? n : fallback
}

/** The settings; a missing or malformed variable falls back to the default wrangler.toml names. */
export function webhookSettings(vars: WebhookVars): WebhookSettings {
  return {
    maxAttempts: positive(vars.WEBHOOK_MAX_ATTEMPTS, 8),
    retryBaseSeconds: positive(vars.WEBHOOK_RETRY_BASE_SECONDS, 30),
    timeoutMs: positive(vars.WEBHOOK_TIMEOUT_MS, 10_000),
    lowStockThreshold: positive(vars.LOW_STOCK_THRESHOLD, 5),
  }
}
