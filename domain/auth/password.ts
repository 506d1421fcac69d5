/** @module Password hashing: PBKDF2-SHA256 through WebCrypto, with a random salt per user. */
import { bytesEqual } from './constant-time'
import type { UserRecord } from './user'

/**
 * Iterations for new hashes. Cloudflare Workers refuse PBKDF2 above 100 000 iterations (a CPU
 * guard; local workerd does not enforce it, so a higher value would pass tests and fail in
 * production). OWASP asks for more; 100 000 is the most the platform allows, about 30-60 ms CPU.
 */
export const PBKDF2_ITERATIONS = 100_000
// Stored hashes outside these bounds are refused before deriving: a crafted row must not make
// the Worker run an unbounded key derivation, nor one so cheap it is worthless.
const MAX_ITERATIONS = 100_000
const MIN_ITERATIONS = 10_000
const SALT_BYTES = 16
const HASH_BITS = 256
const SCHEME = 'pbkdf2-sha256'

// A well-formed hash no password matches: unknown emails are checked against it so a login
// for a missing account costs the same CPU as one for an existing account.
const UNKNOWN_USER = {
  passwordHash: `${SCHEME}$${PBKDF2_ITERATIONS}$${'A'.repeat(43)}=`,
  passwordSalt: 'AAAAAAAAAAAAAAAAAAAAAA==',
}

const encoder = new TextEncoder()

/** Hashes `password` with a fresh salt; the result goes into the user's record as it is. */
export async function hashPassword(
  password: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<Pick<UserRecord, 'passwordHash' | 'passwordSalt'>> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
  const hash = await derive(password, salt, iterations)
  return {
    passwordHash: `${SCHEME}$${iterations}$${toBase64(hash)}`,
    passwordSalt: toBase64(salt),
  }
}

/**
 * True when `password` matches the stored hash; false for a wrong password or a malformed hash.
 * Pass `undefined` for an unknown user: the same work runs and the answer is false.
 */
export async function verifyPassword(
  password: string,
  stored: Pick<UserRecord, 'passwordHash' | 'passwordSalt'> | undefined,
): Promise<boolean> {
  const { passwordHash, passwordSalt } = stored ?? UNKNOWN_USER
  const [scheme, rounds, encoded] = passwordHash.split('$')
  const iterations = Number(rounds)
  if (scheme !== SCHEME || !encoded || !Number.isInteger(iterations)) return false
  if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) return false
  const expected = fromBase64(encoded)
  const salt = fromBase64(passwordSalt)
  if (!expected || !salt) return false
  const actual = await derive(password, salt, iterations)
  return stored !== undefined && bytesEqual(actual, expected)
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, [
    'deriveBits',
  ])
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    HASH_BITS,
  )
  return new Uint8Array(bits)
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0))
  } catch {
    return undefined
  }
}
