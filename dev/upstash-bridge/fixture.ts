/** @module Test fixture: a bridge on a random port, official clients, raw requests, key cleanup. */
import { randomUUID } from 'node:crypto'
import { Redis, type RedisConfigNodejs } from '@upstash/redis'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { startUpstashBridge, type UpstashBridge } from './server'

/** Token the test bridges accept. */
export const TOKEN = 'test-token'

/** Options of the official client that the tests vary. */
type ClientOptions = Omit<RedisConfigNodejs, 'url' | 'token'>

/** A raw HTTP response, parsed once. */
export interface RawResponse {
  status: number
  headers: Headers
  text: string
  json: unknown
}

/**
 * Starts a bridge (port 0) for the calling test file and deletes the file's keys
 * afterwards. When Redis at 127.0.0.1:6379 is down, every test fails with the
 * start-up error naming it (a throwing beforeAll would only mark them skipped).
 */
export function useBridge(file: string) {
  const prefix = `upstash-bridge-test:${file}:${randomUUID()}:`
  let bridge: UpstashBridge | undefined
  let startError: unknown
  const current = () => {
    if (!bridge) throw new Error('bridge did not start (is Redis up at 127.0.0.1:6379?)')
    return bridge
  }
  beforeAll(async () => {
    bridge = await startUpstashBridge({ port: 0, token: TOKEN }).catch((error: unknown) => {
      startError = error
      return undefined
    })
  })
  beforeEach(() => {
    if (startError) throw startError
  })
  afterAll(async () => {
    if (!bridge) return
    await deleteKeys(client(), prefix)
    await bridge.close()
  })
  let counter = 0
  /** A fresh key under this file's unique prefix. */
  const key = (name: string) => `${prefix}${name}:${++counter}`
  /** The official client pointed at the bridge. */
  const client = (options: ClientOptions = {}) =>
    new Redis({ url: current().url, token: TOKEN, ...options })
  /** POSTs `body` (JSON-encoded unless already a string) to `path` on the bridge. */
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${current().url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await res.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: res.status, headers: res.headers, text, json } satisfies RawResponse
  }
  return { key, client, post, url: () => current().url, prefix }
}

async function deleteKeys(redis: Redis, prefix: string) {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, { match: `${prefix}*`, count: 1000 })
    if (keys.length > 0) await redis.del(...keys)
    cursor = String(next)
  } while (cursor !== '0')
}

/** Records the path and sync-token header of every fetch the official client makes. */
export function recordFetches() {
  const calls: { path: string; syncToken: string | null; responseToken: string | null }[] = []
  const original = globalThis.fetch
  // Wraps (not replaces) fetch: requests still reach the real bridge and Redis.
  globalThis.fetch = async (input, init) => {
    const res = await original(input, init)
    const url = new URL(input instanceof Request ? input.url : String(input))
    const headers = new Headers(init?.headers)
    calls.push({
      path: url.pathname,
      syncToken: headers.get('upstash-sync-token'),
      responseToken: res.headers.get('upstash-sync-token'),
    })
    return res
  }
  const restore = () => {
    globalThis.fetch = original
  }
  return { calls, restore }
}
