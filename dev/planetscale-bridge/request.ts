/** @module Reads and validates an Execute request body. */
import type { IncomingMessage } from 'node:http'
import { BridgeHttpError } from './errors'
import type { PsSession } from './types'

/** The parts of an Execute body the bridge uses; unknown fields are ignored. */
export interface ExecuteBody {
  query: string
  session: PsSession | null
}

/** Far above MariaDB's default 16 MiB max_allowed_packet, so MySQL reports oversize statements. */
const MAX_BODY_BYTES = 64 * 1024 * 1024

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) {
      throw new BridgeHttpError(413, 'resource_exhausted', `body exceeds ${MAX_BODY_BYTES} bytes`)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function isSession(value: unknown): value is PsSession {
  if (typeof value !== 'object' || value === null) return false
  const { signature, vitessSession } = value as Record<string, unknown>
  if (typeof signature !== 'string' || typeof vitessSession !== 'object' || !vitessSession) {
    return false
  }
  return typeof (vitessSession as Record<string, unknown>).SessionUUID === 'string'
}

/** Parses `{query, session}`; anything malformed is a 400 `invalid_argument`. */
export async function readExecuteBody(req: IncomingMessage): Promise<ExecuteBody> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readText(req))
  } catch (err) {
    if (err instanceof BridgeHttpError) throw err
    throw new BridgeHttpError(400, 'invalid_argument', 'request body is not valid JSON')
  }
  const body = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >
  // An empty string is passed on: MySQL answers it in-body ("Query was empty"), as PlanetScale does.
  if (typeof body.query !== 'string') {
    throw new BridgeHttpError(400, 'invalid_argument', 'body must have a string `query`')
  }
  const session = body.session ?? null
  if (session !== null && !isSession(session)) {
    throw new BridgeHttpError(400, 'invalid_argument', '`session` must be null or a bridge session')
  }
  return { query: body.query, session }
}
