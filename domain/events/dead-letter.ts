/** @module A message that could not be processed, kept for operators to inspect and replay. */

/** One dead letter as the Database port stores it. */
export interface DeadLetter {
  /** The queue message id (unique per delivery source). */
  id: string
  /** The envelope id when the body had one, else the queue message id. */
  messageId: string
  queue: string
  body: unknown
  error: string
  attempts: number
  failedAt: number
}

/** Where the next page of a dead-letter listing starts: after this failure time and id. */
export interface DeadLetterCursor {
  failedAt: number
  id: string
}

/** An opaque cursor for the last dead letter of a page. */
export function encodeDeadLetterCursor(letter: DeadLetterCursor): string {
  return `${letter.failedAt.toString(36)}.${encodeURIComponent(letter.id)}`
}

/** Reads a cursor made by encodeDeadLetterCursor; null when it was not made by it. */
export function decodeDeadLetterCursor(cursor: string): DeadLetterCursor | null {
  const match = /^([0-9a-z]{1,12})\.(.{1,200})$/.exec(cursor)
  if (!match) return null
  const failedAt = Number.parseInt(match[1] as string, 36)
  let id: string
  try {
    id = decodeURIComponent(match[2] as string)
  } catch {
    return null
  }
  return Number.isSafeInteger(failedAt) && id.length > 0 && id.length <= 64
    ? { failedAt, id }
    : null
}
