/** @module The Database port: catalog, customers and the order archive (system of record). */
import type { DeadLetterStore } from './dead-letter-store'
import type { Pingable } from './health'

/**
 * The Database port: one store per area, each in its own file under domain/ports and one
 * implementation file per adapter, so areas grow without touching each other.
 */
export interface DatabasePort extends Pingable {
  readonly deadLetters: DeadLetterStore
}
