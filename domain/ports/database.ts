/** @module The Database port: catalog, customers and the order archive (system of record). */
import type { ArchiveStore } from './archive-store'
import type { CatalogStore } from './catalog-store'
import type { DeadLetterStore } from './dead-letter-store'
import type { Pingable } from './health'
import type { SessionStore } from './session-store'
import type { UserStore } from './user-store'
import type { WebhookStore } from './webhook-store'

/**
 * The Database port: one store per area, each in its own file under domain/ports and one
 * implementation file per adapter, so areas grow without touching each other.
 */
export interface DatabasePort extends Pingable {
  readonly deadLetters: DeadLetterStore
  readonly archive: ArchiveStore
  readonly catalog: CatalogStore
  readonly users: UserStore
  readonly sessions: SessionStore
  readonly webhooks: WebhookStore
}
