/** @module Where dead letters are kept for operators (GET /v1/ops/dlq and replay). */
import type { DeadLetter, DeadLetterCursor } from '../events/dead-letter'

/** Dead letters in the system of record. */
export interface DeadLetterStore {
  /** Stores a dead letter; storing the same id twice keeps the first. */
  record(letter: DeadLetter): Promise<void>
  /** Dead letters, oldest first (by failure time, then id), after `after` when given. */
  list(limit: number, after?: DeadLetterCursor): Promise<DeadLetter[]>
  /** The dead letters with these ids that exist, oldest first. */
  get(ids: readonly string[]): Promise<DeadLetter[]>
  /** Deletes these dead letters (replayed ones); ids not stored are ignored. */
  remove(ids: readonly string[]): Promise<void>
  /** How many dead letters are stored. */
  count(): Promise<number>
}
