/** @module HMAC-SHA256 webhook signatures (`X-Signature: t=<unix>,v1=<hex>` over `t.body`), pure WebCrypto. */

/** How far a signature's timestamp may be from now, either way, before it counts as stale. */
export const SIGNATURE_TOLERANCE_SECONDS = 300

/** Why a signature was refused; the route answers 401 for every one of them. */
export type SignatureRefusal = 'missing' | 'malformed' | 'stale' | 'mismatch'

/** The outcome of checking a signature. */
export type SignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: SignatureRefusal }

const encoder = new TextEncoder()
const HEX_SHA256 = /^[0-9a-f]{64}$/

/** The parts of a signature header: one timestamp and every `v1` candidate (providers rotate). */
export function parseSignatureHeader(
  header: string,
): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | undefined
  const signatures: string[] = []
  for (const part of header.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 1) return null
    const name = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (name === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return null
      timestamp = Number(value)
    } else if (name === 'v1') {
      if (!HEX_SHA256.test(value)) return null
      signatures.push(value)
    }
    // Other schemes (v0, future versions) are ignored, as providers expect of receivers.
  }
  if (timestamp === undefined || signatures.length === 0 || signatures.length > 4) return null
  return { timestamp, signatures }
}

function hmacKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  )
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

/** The header value a provider sends for `body` at `timestamp` (unix seconds). */
export async function signPayload(
  secret: string,
  timestamp: number,
  body: string,
): Promise<string> {
  const key = await hmacKey(secret, 'sign')
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`))
  const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `t=${timestamp},v1=${hex}`
}

/**
 * Checks `header` against the raw `body`. `crypto.subtle.verify` compares the MAC in constant
 * time, so no timing reveals how much of a forged signature was right. The timestamp is checked
 * only after a signature matched, so an unsigned caller learns nothing about the clock either.
 */
export async function verifySignature(input: {
  secret: string
  header: string | undefined
  body: string
  nowSeconds: number
  toleranceSeconds?: number
}): Promise<SignatureCheck> {
  if (!input.secret) throw new Error('the webhook secret is not configured')
  if (!input.header) return { ok: false, reason: 'missing' }
  const parsed = parseSignatureHeader(input.header)
  if (!parsed) return { ok: false, reason: 'malformed' }
  const key = await hmacKey(input.secret, 'verify')
  const data = encoder.encode(`${parsed.timestamp}.${input.body}`)
  let matched = false
  // Every candidate is checked, matched or not, so the work done does not depend on which one matched.
  for (const sig of parsed.signatures)
    matched = (await crypto.subtle.verify('HMAC', key, fromHex(sig), data)) || matched
  if (!matched) return { ok: false, reason: 'mismatch' }
  const tolerance = input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS
  if (Math.abs(input.nowSeconds - parsed.timestamp) > tolerance)
    return { ok: false, reason: 'stale' }
  return { ok: true, timestamp: parsed.timestamp }
}
