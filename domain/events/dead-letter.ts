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
