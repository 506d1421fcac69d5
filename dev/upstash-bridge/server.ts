/** @module Dev-only HTTP server speaking the Upstash Redis REST API over a local Redis. */
import { timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { errorJson } from './encode'
import { execute, type Reply } from './execute'
import { BodyError, type Endpoint, parseBody } from './parse'
import { connectRedis, type RedisLink } from './redis'

/** Options for {@link startUpstashBridge}. */
export interface UpstashBridgeOptions {
  /** Interface to listen on; default 127.0.0.1 (dev only, never expose it). */
  host?: string
  /** Port; default `UPSTASH_BRIDGE_PORT` or 8079. 0 picks a free port. */
  port?: number
  /** Redis to run commands on; default redis://127.0.0.1:6379. */
  redisUrl?: string
  /** Bearer token clients must send (`UPSTASH_REDIS_REST_TOKEN` on their side). */
  token: string
  /** Optional mount prefix such as `/redis`; the root paths keep working too. */
  prefix?: string
}

/** A running bridge. */
export interface UpstashBridge {
  /** Base URL for `new Redis({ url })`, with the real port (and prefix, if any). */
  url: string
  token: string
  /** Stops accepting requests, drops open connections and closes Redis. */
  close(): Promise<void>
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers':
    'authorization, content-type, upstash-encoding, upstash-sync-token, upstash-telemetry-runtime, upstash-telemetry-platform, upstash-telemetry-sdk, upstash-telemetry-retry',
  'access-control-expose-headers': 'upstash-sync-token',
}

/**
 * Starts the bridge. Rejects (naming the Redis address) when Redis is not reachable,
 * so callers fail loudly instead of serving 500s.
 */
export async function startUpstashBridge(opts: UpstashBridgeOptions): Promise<UpstashBridge> {
  if (!opts.token) throw new Error('Upstash bridge: a non-empty token is required')
  const host = opts.host ?? '127.0.0.1'
  const port = opts.port ?? defaultPort()
  const prefix = normalisePath(opts.prefix ?? '')
  const link = await connectRedis(opts.redisUrl ?? 'redis://127.0.0.1:6379')
  const expected = Buffer.from(opts.token)
  // A single Redis is always consistent; the counter only lets clients exercise the
  // read-your-writes header round-trip.
  let syncToken = 0
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[upstash-bridge] request failed:', error)
      send(res, {
        status: 500,
        body: errorJson(error instanceof Error ? error.message : 'ERR internal'),
      })
    })
  })
  async function handle(req: IncomingMessage, res: ServerResponse) {
    // Prepending the origin (not resolving against it) keeps `//x` a path, not a host.
    const url = new URL(`http://bridge.local${req.url ?? '/'}`)
    if (req.method === 'OPTIONS') return send(res, { status: 204, body: '' })
    const endpoint = route(url.pathname, prefix)
    if (!endpoint)
      return send(res, { status: 404, body: errorJson(`ERR unknown path ${url.pathname}`) })
    if (req.method !== 'POST') return send(res, { status: 405, body: errorJson('ERR use POST') })
    if (!authorised(req, url, expected))
      return send(res, { status: 401, body: errorJson('Unauthorized') })
    syncToken += 1
    res.setHeader('upstash-sync-token', String(syncToken))
    send(res, await answer(req, endpoint, link))
  }
  await listen(server, host, port).catch(async (error) => {
    await link.close()
    throw error
  })
  const actualPort = (server.address() as AddressInfo).port
  const hostPart = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${hostPart}:${actualPort}${prefix}`,
    token: opts.token,
    close: async () => {
      // Keep-alive sockets from fetch would otherwise hold server.close() open.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
      await link.close()
    },
  }
}

async function answer(req: IncomingMessage, endpoint: Endpoint, link: RedisLink): Promise<Reply> {
  const type = req.headers['content-type'] ?? ''
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return { status: 400, body: errorJson('Invalid content type. Expected application/json.') }
  }
  const text = await readBody(req)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (error) {
    return { status: 400, body: errorJson(`ERR request body is not valid JSON: ${String(error)}`) }
  }
  try {
    const commands = parseBody(body, endpoint)
    const encoding = /^base64$/i.test(header(req, 'upstash-encoding')) ? 'base64' : 'json'
    return await execute(link, endpoint, commands, encoding)
  } catch (error) {
    if (error instanceof BodyError) return { status: 400, body: errorJson(error.message) }
    throw error
  }
}

function route(pathname: string, prefix: string): Endpoint | undefined {
  const path = normalisePath(pathname)
  for (const base of prefix ? ['', prefix] : ['']) {
    if (path === base) return 'single'
    if (path === `${base}/pipeline`) return 'pipeline'
    if (path === `${base}/multi-exec`) return 'multi-exec'
  }
  return undefined
}

/** `/a/b/` → `/a/b`, `/` → `` so the root and prefixes compare uniformly. */
function normalisePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '')
  return trimmed === '' || trimmed.startsWith('/') ? trimmed : `/${trimmed}`
}

function authorised(req: IncomingMessage, url: URL, expected: Buffer): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization'))?.[1]
  // Upstash also documents `?_token=` for clients that cannot set headers.
  const given = Buffer.from(bearer ?? url.searchParams.get('_token') ?? '')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name]
  return (Array.isArray(value) ? value[0] : value) ?? ''
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, reply: Reply) {
  if (res.headersSent) return
  res.writeHead(reply.status, { ...CORS_HEADERS, 'content-type': 'application/json' })
  res.end(reply.body)
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function defaultPort(): number {
  const fromEnv = process.env.UPSTASH_BRIDGE_PORT
  if (fromEnv === undefined || fromEnv === '') return 8079
  const port = Number(fromEnv)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`UPSTASH_BRIDGE_PORT must be a port number, got ${fromEnv}`)
  }
  return port
}
