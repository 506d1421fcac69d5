/** @module The digest of a checkout request that an Idempotency-Key is bound to. */
import { skuKey } from '#objects/shopper/pricing'

/** A checkout request after validation: explicit lines, or "whatever my cart holds". */
export type CheckoutRequest = { items: { sku: string; quantity: number }[] } | { fromCart: true }

/**
 * SHA-256 (hex) of the request in a normal form: lines sorted by SKU (case-folded), so the same
 * basket in another order or spelling is the same request. A cart checkout hashes as "the cart",
 * not as its contents: the cart is emptied by the checkout, and a retry must still match.
 */
export async function checkoutRequestHash(request: CheckoutRequest): Promise<string> {
  const normal =
    'fromCart' in request
      ? 'cart'
      : `items:${request.items
          .map((l) => `${skuKey(l.sku)}*${l.quantity}`)
          .sort()
          .join(',')}`
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(normal))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
