/**
 * @module Order ids: 64 hex digits, opaque to clients, whose first half is the shopper's user id
 * (a UUID without its hyphens). So the webhook, the admin routes and the alarm reach the object
 * holding an order by name, with no lookup table anywhere. A checkout's second half is derived
 * from its idempotency key (`checkoutOrderId`), so a checkout cut off half-way (the object
 * restarted while its reservations were being made) and retried with its key reserves under the
 * same id: the items answer the holds it already has instead of holding twice.
 */

/** A shopper key: the user id as issued at sign-up (a lower-case v4 UUID). */
const SHOPPER_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const ORDER_ID = /^[0-9a-f]{64}$/

/** True for a user id that names a shopper object. */
export function isShopperKey(value: unknown): value is string {
  return typeof value === 'string' && SHOPPER_KEY.test(value)
}

/** A new order id for `shopper` (a valid shopper key). */
export function newOrderId(shopper: string): string {
  return `${shopper.replaceAll('-', '')}${hex(crypto.getRandomValues(new Uint8Array(16)))}`
}

/**
 * What makes a checkout's order id: a random salt drawn once per shopper object (ids cannot be
 * guessed from a key) and an epoch that moves each time refused checkouts are forgotten, so a key
 * used again after its record was purged names a new order, never one whose holds were released.
 */
export class CheckoutIds {
  private cached: { salt: string; epoch: number } | undefined

  constructor(private readonly sql: SqlStorage) {}

  /** The order id a checkout with `idempotencyKey` places, in this epoch. */
  async orderId(shopper: string, idempotencyKey: string): Promise<string> {
    this.cached ??= this.sql
      .exec<{ salt: string; epoch: number }>('SELECT salt, epoch FROM checkout_ids')
      .one()
    const { salt, epoch } = this.cached
    const input = new TextEncoder().encode(`${salt}\n${epoch}\n${idempotencyKey}`)
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input))
    return `${shopper.replaceAll('-', '')}${hex(digest.subarray(0, 16))}`
  }

  /** Called in the transaction that forgets placements: keys may be used again from now on. */
  forgotPlacements(): void {
    this.sql.exec('UPDATE checkout_ids SET epoch = epoch + 1')
    this.cached = undefined
  }
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * The shopper key an order id belongs to, or null when the id is not one this code makes:
 * anything else is refused before any object is addressed.
 */
export function shopperOfOrder(orderId: unknown): string | null {
  if (typeof orderId !== 'string' || !ORDER_ID.test(orderId)) return null
  const h = orderId.slice(0, 32)
  const key = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  return isShopperKey(key) ? key : null
}
