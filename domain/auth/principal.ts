/** @module Who is calling: a signed-in user, or automation holding the admin API key. */
import type { Role } from './user'

/** A user authenticated by a JWT; `role` is the one the token was issued with. */
export interface UserPrincipal {
  kind: 'user'
  id: string
  role: Role
}

/** Automation authenticated by the ADMIN_API_KEY secret: admin and ops routes only, never a user. */
export interface ApiKeyPrincipal {
  kind: 'api_key'
  role: 'admin'
}

/** The authenticated caller of a request. */
export type Principal = UserPrincipal | ApiKeyPrincipal
