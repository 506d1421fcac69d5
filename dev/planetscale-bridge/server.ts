/** @module Dev-only HTTP bridge speaking the PlanetScale serverless API over a local MySQL. */
import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { BridgeHttpError } from './errors'
import { type BridgeContext, executeStatement } from './execute'
import { MysqlBackend } from './mysql'
import { readExecuteBody } from './request'
import { SessionStore } from './sessions'

/** Options for `startPlanetScaleBridge`; `username`/`password` are what clients must send. */
export interface PlanetScaleBridgeOptions {
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string
  /** Port to listen on; 0 picks a free one (default `PLANETSCALE_BRIDGE_PORT` or 8080). */
  port?: number
  /** MySQL to run SQL on (default root with no password at 127.0.0.1:3306, `MYSQL_DATABASE` or `test`). */
  mysql?: { host?: string; port?: number; user?: string; password?: string; database?: string }
  username: string
  password: string
  /** Idle time after which a pinned connection (open transaction) is dropped (default 30 s). */
  sessionTtlMs?: number
}

/** A running bridge. */
export interface PlanetScaleBridge {
  /** `http://user:pass@host:port`, percent-encoded, ready for `new Client({ url })`. */
  url: string
  /** Stops listening, drops pinned connections (rolling back their transactions), ends the pool. */
  close(): Promise<void>
}

const EXECUTE = '/psdb.v1alpha1.Database/Execute'
const CREATE_SESSION = '/psdb.v1alpha1.Database/CreateSession'

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

/** Checks Basic auth. The client sends URL userinfo still percent-encoded, so both parts are decoded. */
function authenticate(req: IncomingMessage, expected: { username: string; password: string }) {
  const header = req.headers.authorization ?? ''
  const match = /^Basic\s+(\S+)$/i.exec(header)
  const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : ''
  const colon = decoded.indexOf(':')
  let username = ''
  let password = ''
  try {
    username = decodeURIComponent(decoded.slice(0, Math.max(colon, 0)))
    password = decodeURIComponent(colon < 0 ? '' : decoded.slice(colon + 1))
  } catch {
    // Malformed percent-encoding can only be a wrong credential.
  }
  // Compare digests so the check takes the same time whatever the lengths.
  const ok =
    colon >= 0 &&
    timingSafeEqual(digest(username), digest(expected.username)) &&
    timingSafeEqual(digest(password), digest(expected.password))
  if (!ok) throw new BridgeHttpError(401, 'unauthenticated', 'invalid username or password')
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: BridgeContext,
  credentials: { username: string; password: string },
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://bridge').pathname
  if (path !== EXECUTE && path !== CREATE_SESSION) {
    throw new BridgeHttpError(404, 'not_found', `no such method: ${path}`)
  }
  if (req.method !== 'POST') throw new BridgeHttpError(405, 'invalid_argument', 'use POST')
  authenticate(req, credentials)
  if (path === CREATE_SESSION) {
    // The body is `{}` and carries nothing we need; drain it so keep-alive stays usable.
    req.resume()
    const session = ctx.sessions.describe(ctx.sessions.newUuid(), false)
    const user = { username: credentials.username, psid: 'local', role: 'admin' }
    send(res, 200, { branch: 'local', user, session })
    return
  }
  const body = await readExecuteBody(req)
  send(res, 200, await executeStatement(ctx, body.query, body.session))
}

function portFromEnv(): number {
  const raw = process.env.PLANETSCALE_BRIDGE_PORT
  const port = raw === undefined || raw === '' ? 8080 : Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PLANETSCALE_BRIDGE_PORT must be a port number, got ${JSON.stringify(raw)}`)
  }
  return port
}

/**
 * Starts the bridge and resolves once it listens. MySQL is dialled lazily, so the bridge starts
 * even when MySQL is down and answers 503 until it comes up.
 */
export async function startPlanetScaleBridge(
  opts: PlanetScaleBridgeOptions,
): Promise<PlanetScaleBridge> {
  const host = opts.host ?? '127.0.0.1'
  const listenPort = opts.port ?? portFromEnv()
  const credentials = { username: opts.username, password: opts.password }
  const mysql = new MysqlBackend({
    host: opts.mysql?.host ?? '127.0.0.1',
    port: opts.mysql?.port ?? 3306,
    user: opts.mysql?.user ?? 'root',
    password: opts.mysql?.password ?? '',
    database: opts.mysql?.database ?? process.env.MYSQL_DATABASE ?? 'test',
  })
  const sessions = new SessionStore(mysql.target.database, opts.sessionTtlMs ?? 30_000)
  const ctx: BridgeContext = { mysql, sessions, username: opts.username }
  const server = createServer((req, res) => {
    route(req, res, ctx, credentials).catch((err: unknown) => {
      if (err instanceof BridgeHttpError) return send(res, err.status, err.toBody())
      console.error('planetscale-bridge: unexpected error', err)
      send(res, 500, { error: { code: 'internal', message: 'internal bridge error' } })
    })
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(listenPort, host, () => resolve())
    })
  } catch (err) {
    await mysql.end()
    throw err
  }
  const { port } = server.address() as AddressInfo
  const userinfo = `${encodeURIComponent(opts.username)}:${encodeURIComponent(opts.password)}`
  const urlHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${userinfo}@${urlHost}:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // Keep-alive sockets from fetch would otherwise hold `close` open.
      server.closeAllConnections()
      await closed
      sessions.closeAll()
      await mysql.end()
    },
  }
}
