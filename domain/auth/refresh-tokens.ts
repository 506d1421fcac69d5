/**
 * @module Rotating refresh tokens: opaque random tokens stored by their SHA-256 hash, one family
 * per sign-in. Each refresh retires the presented token and issues the next of its family;
 * presenting a retired token again (a copy was stolen, or replayed) revokes the whole family.
 */
import { AppError } from '../errors'
import type { SessionStore } from '../ports/session-store'

/** Who a refresh token signs in again: an account, or a guest shopper. */
export type SubjectKind = 'user' | 'guest'

/** A refresh token as the store holds it. Timestamps are Unix milliseconds. */
export interface RefreshTokenRecord {
  /** Hex SHA-256 of the token; the token itself is never stored. */
  tokenHash: string
  /** Every token rotated from one sign-in shares it. */
  familyId: string
  subjectId: string
  subjectKind: SubjectKind
  /** The user's session version at issue (0 for guests): a newer one refuses the token. */
  sessionVersion: number
  createdAt: number
  expiresAt: number
  /** When it was exchanged for its successor; null while it is the family's live token. */
  retiredAt: number | null
}

/** A refresh token retired this recently is a lost race (two tabs), not a theft: refused, family kept. */
export const REUSE_GRACE_MS = 10_000

/** Why a refresh token was refused (the `reason` detail of `refresh_token_invalid`). */
export type RefusalReason = 'unknown' | 'expired' | 'reused' | 'superseded' | 'revoked'

/** The refusal of a refresh token: always 401 `refresh_token_invalid`, with the reason. */
export function refused(reason: RefusalReason): AppError {
  return new AppError('refresh_token_invalid', 'The refresh token is not valid; sign in again', {
    reason,
  })
}

/** 32 random bytes, base64url: the token handed to the client once. */
export function newRefreshToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')
}

/** Hex SHA-256 of a token: what the store keys it by. */
export async function hashRefreshToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** What issuing a token needs to know of its subject. */
export interface RefreshSubject {
  id: string
  kind: SubjectKind
  sessionVersion: number
}

/**
 * Stores a new refresh token for `subject` in `familyId` (a new family when omitted) and answers
 * the token. Expired tokens of the subject are pruned first, so the table holds live families only.
 */
export async function issueRefreshToken(
  store: SessionStore,
  subject: RefreshSubject,
  ttlSeconds: number,
  now: number,
  familyId: string = crypto.randomUUID(),
): Promise<{ token: string; record: RefreshTokenRecord }> {
  await store.pruneExpired(subject.id, now)
  const token = newRefreshToken()
  const record: RefreshTokenRecord = {
    tokenHash: await hashRefreshToken(token),
    familyId,
    subjectId: subject.id,
    subjectKind: subject.kind,
    sessionVersion: subject.sessionVersion,
    createdAt: now,
    expiresAt: now + ttlSeconds * 1000,
    retiredAt: null,
  }
  await store.createRefreshToken(record)
  return { token, record }
}

/**
 * Retires the presented token and answers its record, so the caller can check the subject and
 * issue the family's next token. Throws `refresh_token_invalid` for an unknown or expired token,
 * and for a retired one: within REUSE_GRACE_MS of its retirement as `superseded` (the family
 * lives: another tab of the same browser refreshed first), later as `reused`, revoking the family.
 */
export async function retirePresented(
  store: SessionStore,
  token: string,
  now: number,
): Promise<RefreshTokenRecord> {
  const record = await store.findRefreshToken(await hashRefreshToken(token))
  if (!record) throw refused('unknown')
  if (record.retiredAt !== null) {
    if (now - record.retiredAt <= REUSE_GRACE_MS) throw refused('superseded')
    await store.revokeFamily(record.familyId)
    throw refused('reused')
  }
  if (record.expiresAt <= now) {
    await store.revokeFamily(record.familyId)
    throw refused('expired')
  }
  // The conditional write decides between concurrent refreshes of one token: one wins.
  if (!(await store.retireRefreshToken(record.tokenHash, now))) throw refused('superseded')
  return record
}
