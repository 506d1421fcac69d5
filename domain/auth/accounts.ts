/** @module Registration, sign-in and role changes: the rules, over the UserStore port. */
import { AppError } from '../errors'
import type { UserStore } from '../ports/user-store'
import { hashPassword, verifyPassword } from './password'
import { DEFAULT_ROLE, normalizeEmail, type Role, type UserRecord } from './user'

/** What registration needs; the API validates shape and lengths before this runs. */
export interface Registration {
  email: string
  password: string
  name?: string | undefined
}

/** Creates a shopper account; AppError `email_taken` when the email is registered already. */
export async function registerUser(
  users: UserStore,
  input: Registration,
  now = Date.now(),
): Promise<UserRecord> {
  const user: UserRecord = {
    id: crypto.randomUUID(),
    email: normalizeEmail(input.email),
    name: input.name ?? null,
    role: DEFAULT_ROLE,
    ...(await hashPassword(input.password)),
    createdAt: now,
    updatedAt: now,
    sessionVersion: 0,
  }
  // No look-up first: the unique index decides, so two racing registrations cannot both win.
  await users.create(user)
  return user
}

/**
 * The user these credentials belong to. A wrong password and an unknown email fail alike, with
 * the same work done, so neither the answer nor its timing tells which part was wrong.
 */
export async function signIn(
  users: UserStore,
  input: { email: string; password: string },
): Promise<UserRecord> {
  const user = await users.findByEmail(normalizeEmail(input.email))
  const ok = await verifyPassword(input.password, user ?? undefined)
  if (!user || !ok) throw new AppError('invalid_credentials', 'Email or password is incorrect')
  return user
}

/** Gives user `id` the role `role`; AppError `not_found` when there is no such user. */
export async function changeRole(
  users: UserStore,
  id: string,
  role: Role,
  now = Date.now(),
): Promise<UserRecord> {
  const user = await users.setRole(id, role, now)
  if (!user) throw new AppError('not_found', `No user ${id}`)
  return user
}

/** Ends every session of user `id` (all tokens issued so far); AppError `unauthorized` when gone. */
export async function signOutEverywhere(
  users: UserStore,
  id: string,
  now = Date.now(),
): Promise<UserRecord> {
  const user = await users.revokeSessions(id, now)
  if (!user) throw new AppError('unauthorized', 'The account of this token no longer exists')
  return user
}

/**
 * Replaces user `id`'s password after checking the current one, and ends every session issued
 * before (a stolen token dies with the old password). AppError `invalid_credentials` when the
 * current password is wrong, `unauthorized` when the account is gone.
 */
export async function changePassword(
  users: UserStore,
  id: string,
  input: { currentPassword: string; newPassword: string },
  now = Date.now(),
  /** Runs once the current password is verified, before the sessions end in the store. */
  beforeRevoking: () => Promise<unknown> = async () => undefined,
): Promise<UserRecord> {
  const user = await users.findById(id)
  if (!user) throw new AppError('unauthorized', 'The account of this token no longer exists')
  if (!(await verifyPassword(input.currentPassword, user)))
    throw new AppError('invalid_credentials', 'The current password is incorrect')
  await beforeRevoking()
  const updated = await users.revokeSessions(id, now, await hashPassword(input.newPassword))
  if (!updated) throw new AppError('unauthorized', 'The account of this token no longer exists')
  return updated
}
