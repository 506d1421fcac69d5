/** @module Validates Upstash REST request bodies and converts JSON arguments to Redis bytes. */
import { adaptScriptArgs } from './scripts'

/** The three POST endpoints the `@upstash/redis` client calls. */
export type Endpoint = 'single' | 'pipeline' | 'multi-exec'

/** One command ready for Redis, or the reason it must not reach Redis. */
export interface ParsedCommand {
  /** Command name as sent by the client (lower-case in practice). */
  name: string
  /** Bulk arguments as raw bytes. */
  args: Buffer[]
  /** Set when the command is refused; it is then answered with this error instead. */
  refusal?: string
}

/** A malformed request body; answered with HTTP 400 for the whole request. */
export class BodyError extends Error {}

// Commands that would block or re-mode the shared connection, or change state that
// other requests on it would inherit. Everything else passes through to Redis.
const REFUSED: Record<string, string> = {
  blpop: 'blocks the connection',
  brpop: 'blocks the connection',
  brpoplpush: 'blocks the connection',
  blmove: 'blocks the connection',
  blmpop: 'blocks the connection',
  bzpopmin: 'blocks the connection',
  bzpopmax: 'blocks the connection',
  bzmpop: 'blocks the connection',
  wait: 'blocks the connection',
  waitaof: 'blocks the connection',
  subscribe: 'switches the connection to pub/sub mode',
  psubscribe: 'switches the connection to pub/sub mode',
  ssubscribe: 'switches the connection to pub/sub mode',
  unsubscribe: 'belongs to pub/sub mode',
  punsubscribe: 'belongs to pub/sub mode',
  sunsubscribe: 'belongs to pub/sub mode',
  monitor: 'switches the connection to monitor mode',
  sync: 'turns the connection into a replica stream',
  psync: 'turns the connection into a replica stream',
  select: 'changes state of the shared connection',
  auth: 'changes state of the shared connection',
  hello: 'changes state of the shared connection',
  client: 'changes state of the shared connection',
  quit: 'closes the shared connection',
  reset: 'resets the shared connection',
  watch: 'needs a dedicated connection',
  unwatch: 'needs a dedicated connection',
  multi: 'is sent by the bridge itself; use the /multi-exec endpoint',
  exec: 'is sent by the bridge itself; use the /multi-exec endpoint',
  discard: 'is sent by the bridge itself; use the /multi-exec endpoint',
}

/**
 * Parses a request body for `endpoint` into commands.
 * Throws {@link BodyError} when the body has the wrong shape.
 */
export function parseBody(body: unknown, endpoint: Endpoint): ParsedCommand[] {
  if (endpoint === 'single') return [parseCommand(body, '')]
  if (!Array.isArray(body)) {
    throw new BodyError(`ERR ${endpoint} body must be a JSON array of commands`)
  }
  if (body.length === 0) throw new BodyError(`ERR ${endpoint} body must not be empty`)
  return body.map((command, i) => parseCommand(command, ` (command ${i + 1})`))
}

function parseCommand(raw: unknown, where: string): ParsedCommand {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new BodyError(`ERR command must be a non-empty JSON array${where}`)
  }
  const [name, ...rest] = raw as unknown[]
  if (typeof name !== 'string' || name === '') {
    throw new BodyError(`ERR command name must be a non-empty string${where}`)
  }
  let refusal: string | undefined
  const args: Buffer[] = []
  rest.forEach((arg, i) => {
    if (arg === null) {
      // The client sends null for an `undefined` value. Storing "" or "null" would hide
      // the caller's bug, so the command is refused like a Redis argument error.
      refusal ??= `ERR argument ${i + 1} of '${name}' is null; pass a string, number or boolean`
      return
    }
    args.push(toBytes(arg, name, i + 1, where))
  })
  refusal ??= refusalFor(name.toLowerCase(), args)
  return refusal === undefined
    ? { name, args: adaptScriptArgs(name, args) }
    : { name, args, refusal }
}

function toBytes(arg: unknown, name: string, position: number, where: string): Buffer {
  if (typeof arg === 'string') return Buffer.from(arg, 'utf8')
  // JSON numbers are always finite; String() matches how the client stringifies them.
  if (typeof arg === 'number' || typeof arg === 'boolean') return Buffer.from(String(arg))
  const kind = Array.isArray(arg) ? 'an array' : 'an object'
  throw new BodyError(
    `ERR argument ${position} of '${name}' is ${kind}; only strings, numbers and booleans are allowed${where}`,
  )
}

function refusalFor(name: string, args: Buffer[]): string | undefined {
  const reason = REFUSED[name]
  if (reason) return `ERR '${name}' ${reason} and is not supported by the local Upstash bridge`
  const blocks = args.some(
    (arg) => arg.length === 5 && arg.toString('latin1').toLowerCase() === 'block',
  )
  if ((name === 'xread' || name === 'xreadgroup') && blocks) {
    return `ERR '${name} BLOCK' blocks the connection and is not supported by the local Upstash bridge`
  }
  return undefined
}
