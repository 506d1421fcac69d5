/** @module Users on D1. */
import { eq, sql } from 'drizzle-orm'
import { parseRole, type Role, type UserRecord } from '#domain/auth/user'
import { AppError } from '#domain/errors'
import type { UserStore } from '#domain/ports/user-store'
import type { D1Db } from './db'
import { users } from './schema'

export class D1Users implements UserStore {
  constructor(private readonly db: D1Db) {}

  async create(user: UserRecord): Promise<void> {
    try {
      await this.db.insert(users).values(user)
    } catch (err) {
      if (violatesUniqueEmail(err)) throw new AppError('email_taken', 'Email is already registered')
      throw err
    }
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    return toRecord(await this.db.select().from(users).where(eq(users.email, email)).get())
  }

  async findById(id: string): Promise<UserRecord | null> {
    return toRecord(await this.db.select().from(users).where(eq(users.id, id)).get())
  }

  async setRole(id: string, role: Role, updatedAt: number): Promise<UserRecord | null> {
    const [row] = await this.db
      .update(users)
      .set({ role, updatedAt })
      .where(eq(users.id, id))
      .returning()
    return toRecord(row)
  }

  async revokeSessions(
    id: string,
    updatedAt: number,
    password?: { passwordHash: string; passwordSalt: string },
  ): Promise<UserRecord | null> {
    // One statement: the increment is atomic, so concurrent revocations never share a version.
    const [row] = await this.db
      .update(users)
      .set({ ...password, updatedAt, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, id))
      .returning()
    return toRecord(row)
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(users).where(eq(users.id, id)).returning({ id: users.id })
    return rows.length > 0
  }
}

function toRecord(row: typeof users.$inferSelect | undefined): UserRecord | null {
  return row ? { ...row, role: parseRole(row.role) } : null
}

// drizzle wraps the D1 error; SQLite names the column of the unique index that refused the row.
function violatesUniqueEmail(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) {
    if (e.message.includes('UNIQUE constraint failed: users.email')) return true
  }
  return false
}
