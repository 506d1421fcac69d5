/** @module A merchant's webhook endpoint: what it subscribes to, its URL rules and its signing secret. */
import { z } from 'zod'
import { AppError } from '../errors'
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './events'

/** An endpoint as the Database port stores it; the secrets never leave the platform after creation. */
export interface WebhookEndpoint {
  id: string
  url: string
  description: string
  eventTypes: WebhookEventType[]
  enabled: boolean
  /** Signs every delivery (HMAC-SHA256), shown once when created or rotated. */
  secret: string
  /** The secret before the last rotation, still signing beside the new one until it expires. */
  previousSecret: string | null
  previousSecretExpiresAt: number | null
  createdAt: number
  updatedAt: number
}

/** What the admin API shows of an endpoint: everything but the secrets. */
export type PublicWebhookEndpoint = Omit<WebhookEndpoint, 'secret' | 'previousSecret'>

/** How long a rotated-out secret keeps signing beside the new one, so receivers can switch over. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 3_600_000

const EventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((types) => new Set(types).size === types.length, 'each event type may appear once')

/** The body of POST /v1/admin/webhooks. */
export const NewWebhookEndpoint = z.strictObject({
  url: z.string().min(1).max(2048),
  description: z.string().max(200).default(''),
  eventTypes: EventTypes,
  enabled: z.boolean().default(true),
})
export type NewWebhookEndpoint = z.infer<typeof NewWebhookEndpoint>

/** The body of PATCH /v1/admin/webhooks/:id: any of the fields, at least one. */
export const WebhookEndpointPatch = z
  .strictObject({
    url: z.string().min(1).max(2048),
    description: z.string().max(200),
    eventTypes: EventTypes,
    enabled: z.boolean(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change')
export type WebhookEndpointPatch = z.infer<typeof WebhookEndpointPatch>

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Refuses a URL the platform must not post to: anything but https, except plain http to this
 * machine's loopback outside production (local receivers in development and tests). Credentials
 * in the URL are refused too: they would be shown by every listing.
 */
export function checkEndpointUrl(raw: string, environment: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new AppError('validation_failed', 'url is not a valid absolute URL')
  }
  const loopbackHttp =
    url.protocol === 'http:' && LOOPBACK.has(url.hostname) && environment !== 'production'
  if (url.protocol !== 'https:' && !loopbackHttp)
    throw new AppError(
      'validation_failed',
      'url must use https (http only to loopback in development)',
    )
  if (url.username || url.password)
    throw new AppError('validation_failed', 'url must not carry credentials')
  if (url.hash) throw new AppError('validation_failed', 'url must not have a fragment')
  return url.toString()
}

/** A new signing secret: `whsec_` and 32 random bytes in base64url (256 bits, the HMAC key size). */
export function generateWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  const base64 = btoa(String.fromCharCode(...bytes))
  return `whsec_${base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`
}

/** The secrets that sign a delivery now: the current one, and the previous one until it expires. */
export function signingSecrets(endpoint: WebhookEndpoint, now: number): string[] {
  const previous =
    endpoint.previousSecret && (endpoint.previousSecretExpiresAt ?? 0) > now
      ? [endpoint.previousSecret]
      : []
  return [endpoint.secret, ...previous]
}

/** The endpoint without its secrets. */
export function toPublicEndpoint(endpoint: WebhookEndpoint): PublicWebhookEndpoint {
  const { secret: _secret, previousSecret: _previous, ...rest } = endpoint
  return rest
}
