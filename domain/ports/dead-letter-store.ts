/** @module Where dead letters are kept for operators (GET /v1/ops/dlq and replay). */
import type { DeadLetter } from '../events/dead-letter'

/** Dead letters in the system of record. */
export interface DeadLetterStore {
  /** Stores a dead letter; storing the same id twice keeps the first. */
  record(letter: DeadLetter): Promise<void>
  /** Dead letters, oldest first. */
  list(limit: number): Promise<DeadLetter[]>
}
