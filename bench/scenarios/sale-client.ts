/** @module The shop calls a sale makes: checkouts, stock reads and adjustments, over HTTP. */
import { adminCall } from '../seed'
import type { SaleTarget } from './flash-sale'

/** Runs `count` checkouts, 32 at a time (autocannon's connection count), and lists their statuses. */
export async function inPool(count: number, order: (i: number) => Promise<{ status: number }>) {
  const statuses: number[] = []
  let next = 0
  const worker = async () => {
    while (next < count) statuses.push((await order(next++)).status)
  }
  await Promise.all(Array.from({ length: 32 }, worker))
  return statuses
}

/** The SKUs' available units once two full reads a second apart agree. */
export async function settled(url: string, skus: string[]) {
  // One at a time: hundreds of simultaneous fetches have had workerd reset connections.
  const read = async () => {
    const units: number[] = []
    for (const sku of skus) units.push(await available(url, sku))
    return units
  }
  let previous = await read()
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 1_000))
    const now = await read()
    if (now.every((units, k) => units === previous[k])) return now
    previous = now
  }
  return previous
}

export function orderHeaders(target: SaleTarget, i: number, key: string) {
  return {
    'content-type': 'application/json',
    'idempotency-key': key,
    authorization: `Bearer ${target.tokens[i % target.tokens.length]}`,
  }
}

/** One checkout; a connection error is status 0, so a sell-out can count it rather than abort. */
export async function placeOrder(target: SaleTarget, sku: string, key: string, i = 0) {
  try {
    const res = await fetch(`${target.url}/v1/orders`, {
      method: 'POST',
      headers: orderHeaders(target, i, key),
      body: JSON.stringify({ items: [{ sku, quantity: 1 }] }),
    })
    return { status: res.status, text: await res.text() }
  } catch (err) {
    return { status: 0, text: String(err) }
  }
}

/**
 * Prepares shoppers as a drop finds them: each has browsed and put `sku` (not a sale SKU) in the
 * cart, so their shopper object exists before the sale opens (workerd evicts it from memory 10 s
 * after, so the sales find it on disk, not warm). 8 at a time.
 */
export async function fillCarts(url: string, tokens: readonly string[], sku: string) {
  let next = 0
  const put = (token: string) =>
    fetch(`${url}/v1/cart/items/${encodeURIComponent(sku)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ quantity: 1 }),
    })
  const worker = async () => {
    for (let i = next++; i < tokens.length; i = next++) {
      // Setting a cart line is idempotent, so a connection workerd reset is simply tried again.
      let res: Response | undefined
      for (let attempt = 0; !res; attempt++)
        res = await put(tokens[i] ?? '').catch((err) => {
          if (attempt >= 3) throw err
          return undefined
        })
      if (res.status !== 200)
        throw new Error(`PUT /v1/cart/items/${sku} answered ${res.status}: ${await res.text()}`)
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
}

/** Sets a SKU's available units to `units` with one signed adjustment. */
export async function adjustTo(url: string, sku: string, units: number) {
  const delta = units - (await available(url, sku))
  if (delta === 0) return
  const res = await adminCall(url, `/v1/admin/inventory/${sku}/adjust`, { delta, reason: 'bench' })
  if (res.status >= 300)
    throw new Error(`adjust ${sku} answered ${res.status}: ${JSON.stringify(res.body)}`)
}

export async function available(url: string, sku: string) {
  const res = await fetch(`${url}/v1/inventory/${encodeURIComponent(sku)}`)
  if (!res.ok) throw new Error(`GET /v1/inventory/${sku} answered ${res.status}`)
  return ((await res.json()) as { available: number }).available
}

/** workerd evicts an idle object 10 s after its last request. */
const IDLE_EVICTION_MS = 10_000

/**
 * How a sale's requests fall on its shoppers' objects. A request that comes more than 10 s after
 * its shopper's previous one (or is the shopper's first since the cart line put before the sale)
 * finds the shopper's object evicted, so workerd opens its database again; the others find it in
 * memory. Counted at the moment each request is sent, which is within a response time of when the
 * object sees it. At these rates most of a 10 s sale's orders are first orders, and a first order
 * costs the object's opening on top of the checkout (docs/performance.md), so the share moves the
 * sale's rate; the results give it for every sale.
 */
export class ShopperTurns {
  private readonly last = new Map<string, number>()
  private sent = 0
  private reopened = 0

  /**
   * `warmed`: shoppers whose objects the warm-up orders just before the load brought into memory.
   * `clock`: milliseconds, monotonic.
   */
  constructor(
    warmed: Iterable<string> = [],
    private readonly clock: () => number = () => performance.now(),
  ) {
    const now = clock()
    for (const shopper of warmed) this.last.set(shopper, now)
  }

  /** Notes one request of `shopper`, sent now. */
  request(shopper: string): void {
    const now = this.clock()
    const previous = this.last.get(shopper)
    if (previous === undefined || now - previous > IDLE_EVICTION_MS) this.reopened++
    this.last.set(shopper, now)
    this.sent++
  }

  /** For the results: requests per shopper reached, and the share that found the object evicted. */
  summary(shoppers: number): Record<string, string | number> {
    const share = this.sent === 0 ? 0 : Math.round((this.reopened / this.sent) * 100)
    return {
      'requests per shopper': Math.round((this.sent / shoppers) * 100) / 100,
      "requests that found their shopper's object evicted (its first, or over 10 s after its last)": `${this.reopened} of ${this.sent} (${share}%)`,
    }
  }
}
