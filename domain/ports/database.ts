/** @module The Database port: catalog, customers and the order archive (system of record). */
import type { DeadLetter } from '../events/dead-letter'
import type { Pingable } from './health'

/** The Database port. Catalog, customer and archive operations join it as their features land. */
export interface DatabasePort extends Pingable {
  /** Stores a dead letter; storing the same id twice keeps the first. */
  recordDeadLetter(letter: DeadLetter): Promise<void>
  /** Dead letters, oldest first. */
  listDeadLetters(limit: number): Promise<DeadLetter[]>
}
