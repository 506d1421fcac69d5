/**
 * @module Guest shoppers: a shopper without an account gets an id of their own (which names their
 * Shopper object, as a user id does) and a contact email. An account claims a guest's orders only
 * by presenting the guest's own session, never by a matching email alone.
 */
import { AppError } from '../errors'
import type { SessionStore } from '../ports/session-store'
import { normalizeEmail } from './user'

/** A guest as the store holds it. Timestamps are Unix milliseconds. */
export interface GuestRecord {
  /** A v4 UUID, like a user id: it names the guest's Shopper object and prefixes their order ids. */
  id: string
  /** Normalised with `normalizeEmail`. */
  email: string
  createdAt: number
  /** The user who claimed this guest's orders, or null. */
  claimedBy: string | null
  claimedAt: number | null
}

/** At most this many guests per account: each adds a Shopper object to the account's history reads. */
export const MAX_CLAIMED_GUESTS = 20

/** Starts a guest shopper with this contact email. */
export async function createGuest(
  store: SessionStore,
  email: string,
  now = Date.now(),
): Promise<GuestRecord> {
  const guest: GuestRecord = {
    id: crypto.randomUUID(),
    email: normalizeEmail(email),
    createdAt: now,
    claimedBy: null,
    claimedAt: null,
  }
  await store.createGuest(guest)
  return guest
}

/**
 * Gives guest `guestId`'s orders to the account `user`, which proved control of the guest session
 * by presenting it. The account's email must be the guest's: AppError `guest_email_mismatch`
 * (409) otherwise, `guest_already_claimed` (409) when another account has it, `unauthorized` when
 * the guest is gone. Claiming again by the same account changes nothing. The guest's refresh
 * tokens are revoked: from now on the guest's orders are reached through the account.
 */
export async function claimGuest(
  store: SessionStore,
  guestId: string,
  user: { id: string; email: string },
  now = Date.now(),
): Promise<GuestRecord> {
  const guest = await store.findGuest(guestId)
  if (!guest) throw new AppError('unauthorized', 'The guest session no longer exists')
  if (guest.claimedBy === user.id) return guest
  if (guest.claimedBy !== null)
    throw new AppError('guest_already_claimed', 'Another account has claimed these orders')
  if (guest.email !== normalizeEmail(user.email))
    throw new AppError(
      'guest_email_mismatch',
      'The guest orders were placed with another email than this account’s',
    )
  if ((await store.guestsClaimedBy(user.id)).length >= MAX_CLAIMED_GUESTS)
    throw new AppError('conflict', `An account can claim at most ${MAX_CLAIMED_GUESTS} guests`)
  const claimed = await store.claimGuest(guestId, user.id, now)
  if (claimed?.claimedBy !== user.id)
    throw new AppError('guest_already_claimed', 'Another account has claimed these orders')
  await store.revokeSubject(guestId)
  return claimed
}
