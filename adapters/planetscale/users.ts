/** @module Users on PlanetScale. */
import { eq, sql } from 'drizzle-orm'
import { parseRole, type Role, type UserRecord } from '#domain/auth/user'
import { AppError } from '#domain/errors'
import type { UserStore } from '#domain/ports/user-store'
import type { PlanetScaleDb } from './db'
import { users } from './schema'
import { guard } from './upstream'

export class PlanetScaleUsers implements UserStore {
  constructor(private readonly db: PlanetScaleDb) {}

  create(user: UserRecord): Promise<void> {
    return guard(async () => {
      try {
        await this.db.insert(users).values(user)
      } catch (err) {
        if (violatesUniqueEmail(err)) {
          throw new AppError('email_taken', 'Email is already registered')
        }
        throw err
      }
    })
  }

  findByEmail(email: string): Promise<UserRecord | null> {
    return guard(async () => {
      const [row] = await this.db.select().from(users).where(eq(users.email, email)).limit(1)
      return toRecord(row)
    })
  }

  findById(id: string): Promise<UserRecord | null> {
    return guard(async () => {
      const [row] = await this.db.select().from(users).where(eq(users.id, id)).limit(1)
      return toRecord(row)
    })
  }

  setRole(id: string, role: Role, updatedAt: number): Promise<UserRecord | null> {
    // MySQL has no RETURNING: update, then read what was written.
    return guard(async () => {
      await this.db.update(users).set({ role, updatedAt }).where(eq(users.id, id))
      const [row] = await this.db.select().from(users).where(eq(users.id, id)).limit(1)
      return toRecord(row)
    })
  }

  revokeSessions(
    id: string,
    updatedAt: number,
    password?: { passwordHash: string; passwordSalt: string },
  ): Promise<UserRecord | null> {
    // The increment happens in the statement, so concurrent revocations never share a version.
    return guard(async () => {
      await this.db
        .update(users)
        .set({ ...password, updatedAt, sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, id))
      const [row] = await this.db.select().from(users).where(eq(users.id, id)).limit(1)
      return toRecord(row)
    })
  }

  delete(id: string): Promise<boolean> {
    return guard(async () => {
      const result = await this.db.delete(users).where(eq(users.id, id))
      return result.rowsAffected > 0
    })
  }
}

function toRecord(row: typeof users.$inferSelect | undefined): UserRecord | null {
  return row ? { ...row, role: parseRole(row.role) } : null
}

// MySQL error 1062 names the unique index that refused the row; drizzle wraps the client error.
function violatesUniqueEmail(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) {
    if (e.message.includes('Duplicate entry') && e.message.includes('users_email_uq')) return true
  }
  return false
}
