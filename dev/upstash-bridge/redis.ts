/** @module ioredis connections tuned for byte-exact RESP2 replies, and raw command sending. */
import { Command, Redis, ReplyError } from 'ioredis'

/** The bridge's two Redis connections and how to describe them in errors. */
export interface RedisLink {
  /** Shared connection for single commands and pipelines. */
  main: Redis
  /** Dedicated connection for MULTI/EXEC so no transaction state is ever shared. */
  tx: Redis
  /** `host:port`, used to name Redis in every connection error. */
  address: string
  close(): Promise<void>
}

/** Redis could not be reached or dropped the command; answered with HTTP 500. */
export class RedisUnavailableError extends Error {}

/**
 * Opens both connections and resolves once Redis answered the ready check.
 * Rejects with a message naming the Redis address when Redis is not reachable.
 */
export async function connectRedis(redisUrl: string): Promise<RedisLink> {
  const url = new URL(redisUrl)
  const address = `${url.hostname || '127.0.0.1'}:${url.port || '6379'}`
  const [main, tx] = [
    openClient(redisUrl, 'upstash-bridge'),
    openClient(redisUrl, 'upstash-bridge-tx'),
  ]
  const close = async () => {
    await Promise.all([main.client.quit().catch(() => {}), tx.client.quit().catch(() => {})])
  }
  try {
    await Promise.all([main.connect(), tx.connect()])
  } catch (error) {
    main.client.disconnect()
    tx.client.disconnect()
    const cause = main.lastError() ?? tx.lastError() ?? error
    throw new RedisUnavailableError(
      `Upstash bridge cannot reach Redis at ${address} (${describe(cause)}); start the local Redis first`,
    )
  }
  return { main: main.client, tx: tx.client, address, close }
}

function openClient(redisUrl: string, connectionName: string) {
  let started = false
  let lastError: unknown
  const client = new Redis(redisUrl, {
    // RESP2: Upstash's JSON shapes (flat HGETALL, string scores) are RESP2 shapes.
    protocol: 2,
    // Integers as exact decimal strings, so they stay distinguishable from bulk Buffers.
    stringNumbers: true,
    connectionName,
    lazyConnect: true,
    // Fail fast with a 500 instead of queueing requests while Redis is down, and never
    // resend a write that may already have been applied.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Give up at once during start-up so the caller sees the failure; reconnect later.
    retryStrategy: (times) => (started ? Math.min(times * 100, 2000) : null),
  })
  client.on('error', (error: unknown) => {
    lastError = error
    if (started) console.error(`[upstash-bridge] ${connectionName}: ${describe(error)}`)
  })
  return {
    client,
    lastError: () => lastError,
    connect: async () => {
      await client.connect()
      started = true
    },
  }
}

/**
 * Sends one command and resolves with its raw reply: Buffers for strings, decimal
 * strings for integers, null for nil, nested arrays (with ReplyError elements).
 * Rejects with ioredis' ReplyError for Redis errors, RedisUnavailableError otherwise.
 *
 * The Command is built by hand with an upper-cased name: ioredis keys its reply
 * transformers (HGETALL → object, WITHSCORES pairing) on the exact lower-case name,
 * so upper-casing keeps the reply exactly as Redis sent it.
 */
export function sendRaw(client: Redis, address: string, name: string, args: Buffer[]) {
  const command = new Command(name.toUpperCase(), args, { replyEncoding: null })
  client.sendCommand(command)
  return command.promise.catch((error: unknown) => {
    if (isReplyError(error)) throw error
    throw new RedisUnavailableError(
      `Upstash bridge: Redis at ${address} failed: ${describe(error)}`,
    )
  })
}

/** True for an error reply sent by Redis itself (as opposed to a connection failure). */
export function isReplyError(error: unknown): error is Error {
  return error instanceof ReplyError
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  return String(error)
}
