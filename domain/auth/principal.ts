/** @module Who is calling: a signed-in user, a guest shopper, or automation holding the admin API key. */
import type { Role } from './user'

/** A user authenticated by a JWT; `role` is the one the users table holds now. */
export interface UserPrincipal {
  kind: 'user'
  id: string
  role: Role
}

/**
 * A shopper without an account, authenticated by a guest JWT (role claim `guest`): `id` names
 * their own Shopper object, `email` is the contact they gave when the guest session began. Guests
 * reach the routes the access table marks `shopper` (cart, checkout, their orders, payment) only.
 */
export interface GuestPrincipal {
  kind: 'guest'
  id: string
  email: string
}

/** Automation authenticated by the ADMIN_API_KEY secret: admin and ops routes only, never a user. */
export interface ApiKeyPrincipal {
  kind: 'api_key'
  role: 'admin'
}

/** The authenticated caller of a request. */
export type Principal = UserPrincipal | GuestPrincipal | ApiKeyPrincipal
