/** @module Comparisons whose duration does not depend on where two secrets first differ. */

const encoder = new TextEncoder()

/** Compares equal-length byte arrays in time that depends only on their length. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}

/**
 * Compares two secrets in constant time. Both are hashed first so the comparison always runs
 * over 32 bytes: neither the position of the first difference nor the secret's length leaks.
 */
export async function secretsEqual(given: string, expected: string): Promise<boolean> {
  if (!expected) return false
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    expectedDigest(expected),
  ])
  return bytesEqual(new Uint8Array(a), b)
}

// The expected side is a configured secret (the admin API key), the same on every request: its
// digest is computed once per isolate, not once per request that carries a bearer token.
const expectedDigests = new Map<string, Promise<Uint8Array>>()

function expectedDigest(expected: string): Promise<Uint8Array> {
  let digest = expectedDigests.get(expected)
  if (!digest) {
    // A rotated key leaves its old digest behind; a handful is all an isolate ever sees.
    if (expectedDigests.size >= 8) expectedDigests.clear()
    digest = crypto.subtle
      .digest('SHA-256', encoder.encode(expected))
      .then((d) => new Uint8Array(d))
    expectedDigests.set(expected, digest)
  }
  return digest
}
