/**
 * @module Counter writes during a scenario, as the embedded counters store counts them: each
 * Counters object reports the key writes it served (`stats()`), summed over every shard object.
 */
import type { Miniflare } from 'miniflare'
import { DEFAULT_SHARDS } from '#objects/counters/shards'

/** Every key prefix the platform writes counters under (durable-objects/counters/shards.ts). */
const PREFIXES = ['popularity', 'cache', 'trending', 'stock', 'bestsellers', 'spend', 'ops']

type Stub = { stats(): Promise<{ writes: number }> }

/** Reads the write count of every Counters object; a function giving the sum at each call. */
export async function counterWrites(mf: Miniflare): Promise<() => Promise<Map<string, number>>> {
  // Typed by hand: the Node project has no Workers types for Miniflare's declarations to use.
  const namespace = (await mf.getDurableObjectNamespace(
    'COUNTERS',
    'edge-commerce-api',
  )) as unknown as {
    idFromName(name: string): unknown
    get(id: unknown): Stub
  }
  const names = PREFIXES.flatMap((p) =>
    Array.from({ length: DEFAULT_SHARDS }, (_, i) => `${p}:${i}`),
  )
  // One stub per object for the whole run. A stub made through Miniflare's proxy from Node, once
  // garbage-collected here, is released in workerd without being disposed, and workerd then warns
  // "An RPC stub was not disposed properly" (a new set per reading made the bench print it).
  const stubs = names.map((name) => namespace.get(namespace.idFromName(name)))
  return async () => {
    const counts = await Promise.all(stubs.map(async (stub) => (await stub.stats()).writes))
    return new Map(names.map((name, i) => [name, counts[i] ?? 0]))
  }
}

/** Writes between two readings; an object that restarted in between counts from zero. */
export function writesBetween(before: Map<string, number>, after: Map<string, number>): number {
  let total = 0
  for (const [name, n] of after) {
    const was = before.get(name) ?? 0
    total += n >= was ? n - was : n
  }
  return total
}
