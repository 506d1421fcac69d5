/**
 * @module Claiming a guest's orders on register or sign-in. The proof is the guest session itself
 * (its access token in the request), never a matching email alone: anyone can register someone
 * else's address, but only the person who checked out holds the guest's token.
 */
import type { Context } from 'hono'
import { claimGuest, type GuestRecord } from '#domain/auth/guests'
import { normalizeEmail } from '#domain/auth/user'
import { AppError } from '#domain/errors'
import { verifyToken } from '../middleware/tokens'
import type { AppEnv } from '../types'

/**
 * The guest whose valid, unexpired guest access token this is, unclaimed or claimed by nobody
 * else, and whose email is `email`: checked before anything is written, so a refused claim
 * changes nothing. 403 `guest_token_invalid` for a token that is not a live guest's, 409
 * `guest_email_mismatch` or `guest_already_claimed`.
 */
export async function presentedGuest(
  c: Context<AppEnv>,
  guestToken: string,
  email: string,
  userId?: string,
): Promise<GuestRecord> {
  const verified = await verifyToken(c.env, guestToken)
  if (verified.kind !== 'guest')
    throw new AppError('guest_token_invalid', 'The guest token is not a valid guest session', {
      reason: verified.kind === 'expired' ? 'expired' : 'invalid',
    })
  const guest = await c.get('ports').database.sessions.findGuest(verified.claims.sub)
  if (!guest)
    throw new AppError('guest_token_invalid', 'The guest session no longer exists', {
      reason: 'unknown',
    })
  if (guest.claimedBy !== null && guest.claimedBy !== userId)
    throw new AppError('guest_already_claimed', 'Another account has claimed these orders')
  if (guest.email !== normalizeEmail(email))
    throw new AppError(
      'guest_email_mismatch',
      'The guest orders were placed with another email than this account’s',
    )
  return guest
}

/** Claims `guest` (checked by presentedGuest) for the account; answers the guest's id. */
export async function claimForAccount(
  c: Context<AppEnv>,
  guest: GuestRecord,
  user: { id: string; email: string },
): Promise<string> {
  await claimGuest(c.get('ports').database.sessions, guest.id, user)
  return guest.id
}
