/** @module Turns raw ioredis (RESP2, Buffer-mode) replies into Upstash REST JSON text. */

/** The two response encodings the Upstash client can ask for. */
export type ResponseEncoding = 'json' | 'base64'

const INTEGER = /^-?\d+$/
const OK = Buffer.from('OK')

/**
 * Serialises one Redis reply as JSON text.
 *
 * Works on text rather than JS values because integer replies arrive as exact
 * decimal strings (ioredis `stringNumbers`) and must go out as JSON number
 * literals without passing through a lossy JS number.
 */
export function encodeReply(reply: unknown, encoding: ResponseEncoding, topLevel = true): string {
  if (reply === null || reply === undefined) return 'null'
  if (Buffer.isBuffer(reply)) return encodeBytes(reply, encoding, topLevel)
  if (typeof reply === 'string') {
    // With stringNumbers and Buffer replies, only RESP integers arrive as JS strings.
    if (!INTEGER.test(reply)) throw new Error(`unexpected non-integer string reply: ${reply}`)
    return reply
  }
  if (Array.isArray(reply)) {
    return `[${reply.map((item) => encodeReply(item, encoding, false)).join(',')}]`
  }
  // An error nested in an array (EVAL tables, EXEC elements): B5 maps it to an
  // error object, never base64.
  if (reply instanceof Error) return errorJson(reply.message)
  throw new Error(`unexpected reply type from ioredis: ${Object.prototype.toString.call(reply)}`)
}

function encodeBytes(bytes: Buffer, encoding: ResponseEncoding, topLevel: boolean): string {
  if (encoding === 'json') {
    // Buffer#toString replaces invalid UTF-8 with U+FFFD, as Upstash documents.
    return JSON.stringify(bytes.toString('utf8'))
  }
  // Upstash leaves a top-level "OK" unencoded and the client keeps it as-is; inside
  // arrays the client base64-decodes every string, so there it must be encoded.
  if (topLevel && bytes.equals(OK)) return '"OK"'
  return JSON.stringify(bytes.toString('base64'))
}

/** `{"result": …}` entry for a successful reply. */
export function resultJson(reply: unknown, encoding: ResponseEncoding): string {
  return `{"result":${encodeReply(reply, encoding)}}`
}

/** `{"error": …}` envelope; error text is never base64-encoded. */
export function errorJson(message: string): string {
  return JSON.stringify({ error: message })
}
