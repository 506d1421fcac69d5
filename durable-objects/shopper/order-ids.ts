/**
 * @module Order ids: 64 hex digits, opaque to clients, whose first half is the shopper's user id
 * (a UUID without its hyphens) and second half random. So the webhook, the admin routes and the
 * alarm reach the object holding an order by name, with no lookup table anywhere.
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
  const random = crypto.getRandomValues(new Uint8Array(16))
  return `${shopper.replaceAll('-', '')}${[...random].map((b) => b.toString(16).padStart(2, '0')).join('')}`
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
