/**
 * @module How a hot SKU's stock is split across objects. The SKU's own object (the root, named by
 * the SKU) keeps the received stock as a pool; when an operator gives it `shards` > 0, shard
 * objects named `<sku>#1` … `<sku>#<shards>` sell it. A shard short of stock pulls a slice of the
 * pool (`allot`); a root short of stock for a correction or a large order gathers every shard's
 * unreserved units back (`drain`). Each move is a transfer recorded on both sides with one id, so
 * a repeat after a failure moves nothing twice, and units in flight are counted as in transit.
 * Every object is a full InventoryItem with its own reservations and ledger, so each keeps the
 * invariants on its own and a reservation is committed or released where it was made.
 */

/** The most shards a SKU may have: beyond this, the fallback probes cost more than they spread. */
export const MAX_SHARDS = 16

/** The character that joins a SKU and a shard number; SKUs cannot contain it (domain Sku). */
const SEPARATOR = '#'

/** The name of shard `index` (1-based) of `sku`. */
export function shardName(sku: string, index: number): string {
  return `${sku}${SEPARATOR}${index}`
}

/** The SKU and shard number of an object name; shard 0 is the root. */
export function parseName(name: string): { sku: string; shard: number } {
  const at = name.lastIndexOf(SEPARATOR)
  if (at < 0) return { sku: name, shard: 0 }
  const shard = Number(name.slice(at + 1))
  if (!Number.isSafeInteger(shard) || shard < 1 || shard > MAX_SHARDS)
    throw new Error(`malformed inventory object name ${name}`)
  return { sku: name.slice(0, at), shard }
}

/**
 * The order in which to try shards for a reservation: its home shard among the `shards` that
 * sell, chosen by the reservation id so a retry goes to the same place first, then every other
 * shard up to `span` (retired shards may still hold units given back by expiries).
 */
export function probeOrder(reservationId: string, shards: number, span: number): number[] {
  if (shards < 1) return []
  const home = (fnv1a(reservationId) % shards) + 1
  const order = [home]
  for (let i = 1; i <= Math.max(shards, span); i++) if (i !== home) order.push(i)
  return order
}

/** How many units the root hands a shard that asked for `want`: a fair slice of the pool. */
export function sliceFor(want: number, pool: number, shards: number): number {
  if (pool <= 0 || shards < 1) return 0
  return Math.min(pool, Math.max(want, Math.ceil(pool / shards)))
}

/** 32-bit FNV-1a: a cheap, stable spread of ids over shards (not a security hash). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
