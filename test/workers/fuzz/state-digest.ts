/**
 * @module A digest of everything a request could write: every D1 table, the ids of every
 * Durable Object that holds storage (stock, orders, carts, the search index) and the KV keys.
 * The counters store is left out on purpose: rate limits and sign-in throttling count refused
 * requests by design.
 */
import { env, listDurableObjectIds } from 'cloudflare:test'

async function sha256(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** The digest, with the part that changed named when two digests differ. */
export async function stateDigest(): Promise<Record<string, string>> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name",
  ).all<{ name: string }>()
  const parts: Record<string, string> = {}
  // Every table in one D1 batch (one round trip, one read transaction: a consistent snapshot),
  // beside the objects' and the keys' listings.
  const listings = {
    INVENTORY_ITEM: listDurableObjectIds(env.INVENTORY_ITEM),
    SHOPPER: listDurableObjectIds(env.SHOPPER),
    DISCOUNT_CODE: listDurableObjectIds(env.DISCOUNT_CODE),
    STORE_SETTINGS: listDurableObjectIds(env.STORE_SETTINGS),
    SEARCH_INDEX: listDurableObjectIds(env.SEARCH_INDEX),
  }
  const [rows, objects, keys] = await Promise.all([
    tables.results.length === 0
      ? []
      : env.DB.batch(
          tables.results.map(({ name }) => env.DB.prepare(`SELECT * FROM "${name}" ORDER BY 1`)),
        ),
    Promise.all(Object.values(listings)),
    env.CATALOG_KV.list(),
  ])
  await Promise.all([
    ...tables.results.map(async ({ name }, i) => {
      parts[`d1:${name}`] = await sha256(JSON.stringify(rows[i]?.results))
    }),
    ...Object.keys(listings).map(async (name, i) => {
      parts[`objects:${name}`] = await sha256(
        (objects[i] ?? [])
          .map((id) => id.toString())
          .sort()
          .join(','),
      )
    }),
    (async () => {
      parts.kv = await sha256(keys.keys.map((k) => k.name).join(','))
    })(),
  ])
  return parts
}

/** The names of the parts that differ between two digests. */
export function changedParts(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k])
}
