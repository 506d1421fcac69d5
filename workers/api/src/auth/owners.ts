/** @module Whose orders a shopper sees: their own Shopper object's, and those of the guests they claimed. */
import type { Context } from 'hono'
import { UpstreamError } from '#domain/errors'
import { currentShopper } from '../middleware/auth'
import type { AppEnv } from '../types'

/**
 * The shopper ids whose orders the caller's history shows: a guest's own; an account's own and
 * every guest it claimed (oldest claim first). When the database does not answer, the caller's
 * own id alone, so the live orders stay readable (invariant 7).
 */
export async function historyOwners(c: Context<AppEnv>): Promise<string[]> {
  const shopper = currentShopper(c)
  if (shopper.kind === 'guest') return [shopper.id]
  try {
    return [shopper.id, ...(await c.get('ports').database.sessions.guestsClaimedBy(shopper.id))]
  } catch (err) {
    if (err instanceof UpstreamError) return [shopper.id]
    throw err
  }
}
