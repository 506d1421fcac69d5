/**
 * @module The shopper's session floor: the lowest session version (the token's `sv`) a checkout
 * may come with. The routes that end sessions raise it here before they write the users table,
 * and confirm it once the table holds it, so the object refuses a revoked token without the
 * Worker reading the database (issue 14: revocation counts from the next request).
 */
import { AppError } from '#domain/errors'

/** The floor of a deleted account: no token of it is ever current again. */
export const CLOSED = Number.MAX_SAFE_INTEGER

/**
 * Why a token was refused: `revoked` (signed out, new password; the users table agrees),
 * `closed` (account deleted), `unconfirmed` (the floor was raised but the users table write
 * that should follow was never confirmed: it may have failed, see middleware/shopper-session).
 */
export type SessionRefusal = 'revoked' | 'closed' | 'unconfirmed'

type Row = { floor: number; confirmed: number }

/** The floor, read once at start-up and written only when it moves. */
export class SessionFloor {
  private floor = 0
  /** The highest version the users table was confirmed to hold. */
  private confirmed = 0

  constructor(private readonly sql: SqlStorage) {}

  load(): void {
    const row = this.sql.exec<Row>('SELECT floor, confirmed FROM session WHERE id = 1').toArray()[0]
    this.floor = row?.floor ?? 0
    this.confirmed = row?.confirmed ?? 0
  }

  /** Refuses (`unauthorized`, details.session) a token whose session version is below the floor. */
  require(sessionVersion: unknown): void {
    if (typeof sessionVersion === 'number' && sessionVersion >= this.floor) return
    const session: SessionRefusal =
      this.floor === CLOSED ? 'closed' : this.floor <= this.confirmed ? 'revoked' : 'unconfirmed'
    throw new AppError('unauthorized', 'This session has ended; sign in again', { session })
  }

  /**
   * Raises the floor to `floor` (never lowers it). `written`: the users table already holds this
   * version, so a refusal below it needs no repair. Answers the floor now in force.
   */
  raise(floor: unknown, written: unknown): number {
    if (typeof floor !== 'number' || !Number.isSafeInteger(floor) || floor < 0)
      throw new AppError('validation_failed', 'a session floor is a non-negative integer')
    const next = { floor: Math.max(this.floor, floor), confirmed: this.confirmed }
    if (written === true) next.confirmed = Math.max(this.confirmed, floor)
    if (next.floor === this.floor && next.confirmed === this.confirmed) return this.floor
    this.sql.exec(
      `INSERT INTO session (id, floor, confirmed) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET floor = excluded.floor, confirmed = excluded.confirmed`,
      next.floor,
      next.confirmed,
    )
    ;({ floor: this.floor, confirmed: this.confirmed } = next)
    return this.floor
  }
}
