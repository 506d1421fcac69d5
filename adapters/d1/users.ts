/** @module Users on D1. */
import { eq } from 'drizzle-orm'
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
