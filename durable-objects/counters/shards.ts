/** @module Which Counters object holds a key: a fixed number of objects per key prefix. */

/**
 * How many objects share the keys of one prefix. Fixed for the life of the data: changing it
 * moves keys to other objects, which then read as never set.
 */
export const DEFAULT_SHARDS = 16

/**
 * The object that holds `key`: `${prefix}:${hash(key) % shards}`, where the prefix is the key's
 * first `:`-separated segment (`stock`, `popularity`, `bestsellers`, …). One object then holds
 * many keys of one kind, so a batch read touches at most `shards` objects per prefix, while every
 * key still has exactly one object, its single writer.
 */
export function shardOf(key: string, shards = DEFAULT_SHARDS): string {
  const colon = key.indexOf(':')
  const prefix = colon === -1 ? key : key.slice(0, colon)
  return `${prefix}:${fnv1a(key) % shards}`
}

// FNV-1a over UTF-16 code units: stable across isolates and releases, which the layout relies on.
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** Groups items by the object of their key, keeping each item's index in the input. */
export function groupByShard<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  shards = DEFAULT_SHARDS,
): Map<string, { items: T[]; indexes: number[] }> {
  const groups = new Map<string, { items: T[]; indexes: number[] }>()
  items.forEach((item, index) => {
    const name = shardOf(keyOf(item), shards)
    const group = groups.get(name) ?? { items: [], indexes: [] }
    group.items.push(item)
    group.indexes.push(index)
    groups.set(name, group)
  })
  return groups
}
