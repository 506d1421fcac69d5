/** @module Test helpers: a bridge on a free port over the real local MySQL, plus raw wire access. */
import { randomBytes } from 'node:crypto'
import { type Connection, createConnection } from 'mysql2/promise'
import {
  type PlanetScaleBridge,
  type PlanetScaleBridgeOptions,
  startPlanetScaleBridge,
} from './server'
import type { ExecuteResponse } from './types'

/** The MySQL the bridge uses by default; tests verify writes here, independently of the bridge. */
export const MYSQL = {
  host: '127.0.0.1',
  port: 3306,
  user: 'root',
  password: '',
  database: process.env.MYSQL_DATABASE ?? 'test',
}

/** Credentials with `@`, `:` and `/`, so every test also exercises percent-encoded userinfo. */
export const CREDENTIALS = { username: 'bridge@user', password: 'p:ss/w@rd' }

/**
 * Opens a direct connection to MySQL, failing with a message that names it: these tests must
 * fail, not skip, when MySQL is down.
 */
export async function requireMysql(): Promise<Connection> {
  try {
    return await createConnection({
      ...MYSQL,
      connectTimeout: 5_000,
      supportBigNumbers: true,
      bigNumberStrings: true,
    })
  } catch (err) {
    const reason = err instanceof Error ? err.message || String(err) : String(err)
    throw new Error(
      `MySQL at ${MYSQL.host}:${MYSQL.port} (user ${MYSQL.user}, database ${MYSQL.database}) ` +
        `is not reachable; start it before running the bridge tests. Cause: ${reason}`,
    )
  }
}

/** Starts a bridge on a free port with the test credentials. */
export function startTestBridge(
  extra: Partial<PlanetScaleBridgeOptions> = {},
): Promise<PlanetScaleBridge> {
  return startPlanetScaleBridge({ port: 0, ...CREDENTIALS, ...extra })
}

/** A table name unique to this run, so parallel test files never collide. */
export function uniqueTable(label: string): string {
  return `psb_${label}_${randomBytes(4).toString('hex')}`
}

/** A raw response: the status and the parsed JSON body. */
export interface RawResponse {
  status: number
  body: Partial<ExecuteResponse> & {
    branch?: string
    user?: { username: string; psid: string; role: string }
  }
}

/**
 * POSTs straight to the bridge, for wire-level assertions the client hides. `auth` defaults to
 * what the client sends: Basic of the still percent-encoded userinfo; `null` sends none.
 */
export async function postRaw(
  bridgeUrl: string,
  body: string | object,
  options: { path?: string; auth?: string | null; method?: string } = {},
): Promise<RawResponse> {
  const url = new URL(bridgeUrl)
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const auth = options.auth === undefined ? `${url.username}:${url.password}` : options.auth
  if (auth !== null) headers.authorization = `Basic ${btoa(auth)}`
  const response = await fetch(
    `${url.origin}${options.path ?? '/psdb.v1alpha1.Database/Execute'}`,
    {
      method: options.method ?? 'POST',
      headers,
      ...(options.method === 'GET'
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    },
  )
  return { status: response.status, body: (await response.json()) as RawResponse['body'] }
}

/** Resolves once `count` callers have arrived, so concurrent transactions overlap for certain. */
export function barrier(count: number): () => Promise<void> {
  let arrived = 0
  let release = () => {}
  const all = new Promise<void>((resolve) => {
    release = resolve
  })
  return async () => {
    arrived++
    if (arrived === count) release()
    await all
  }
}
