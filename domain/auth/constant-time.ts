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
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ])
  return bytesEqual(new Uint8Array(a), new Uint8Array(b))
}
