/** @module The Search port: the product index behind GET /v1/search. */
import type { Pingable } from './health'

/** The Search port. Indexing and querying join it with the catalog feature. */
export interface SearchPort extends Pingable {}
