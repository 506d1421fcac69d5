/** @module Signed sessions: per-session FIFO, pinned MySQL connections and their idle expiry. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { PoolConnection } from 'mysql2/promise'
import type { PsSession } from './types'

/** Server-side state of one session UUID; it exists only while work is queued or a pin is held. */
export interface SessionState {
  readonly uuid: string
  /** The connection kept out of the pool while a transaction or session state lives on it. */
  pinned: PoolConnection | null
  inTransaction: boolean
  holdsSessionState: boolean
  pending: number
  tail: Promise<void>
  timer: NodeJS.Timeout | null
}

/** Per-statement counters echoed in the session, as ps-http-sim does. */
export interface SessionCounters {
  rowCount?: string
  foundRows?: string
  lastInsertId?: string
}

/** Issues and verifies sessions and owns every pinned connection. */
export class SessionStore {
  private readonly secret = randomBytes(32)
  private readonly states = new Map<string, SessionState>()

  /** @param database goes in `targetString`; @param ttlMs idle time before a pin is dropped. */
  constructor(
    private readonly database: string,
    private readonly ttlMs: number,
  ) {}

  /** A fresh 22-character id, the shape real PlanetScale uses. */
  newUuid(): string {
    return randomBytes(16).toString('base64url')
  }

  /** True when the signature is this bridge's HMAC of the UUID, so sessions cannot be forged. */
  verify(session: PsSession): boolean {
    const expected = this.sign(session.vitessSession.SessionUUID)
    const given = Buffer.from(session.signature, 'base64')
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  /** The session object to return; protojson omits `inTransaction: false` and zero counters. */
  describe(uuid: string, inTransaction: boolean, counters: SessionCounters = {}): PsSession {
    return {
      signature: this.sign(uuid).toString('base64'),
      vitessSession: {
        autocommit: true,
        ...(inTransaction ? { inTransaction: true } : {}),
        options: { includedFields: 'ALL', clientFoundRows: true },
        DDLStrategy: 'direct',
        SessionUUID: uuid,
        enableSystemSettings: true,
        targetString: this.database,
        ...counters,
      },
    }
  }

  /**
   * Runs `task` after every earlier task of the same session has finished (FIFO), so parallel
   * `tx.execute` calls share one connection in order instead of failing with "session in use".
   */
  async run<T>(uuid: string, task: (state: SessionState) => Promise<T>): Promise<T> {
    const state = this.states.get(uuid) ?? this.create(uuid)
    state.pending++
    // Cleared on arrival, not at start: an expiry must never fire while work is queued.
    if (state.timer) clearTimeout(state.timer)
    state.timer = null
    const previous = state.tail
    let finish = () => {}
    state.tail = new Promise<void>((resolve) => {
      finish = resolve
    })
    try {
      await previous
      return await task(state)
    } finally {
      state.pending--
      finish()
      this.idle(state)
    }
  }

  /** Records the state after a statement: keeps the connection pinned or returns it to the pool. */
  settle(
    state: SessionState,
    conn: PoolConnection,
    inTransaction: boolean,
    setsState: boolean,
  ): void {
    state.inTransaction = inTransaction
    state.holdsSessionState ||= setsState
    if (inTransaction || state.holdsSessionState) {
      state.pinned = conn
      return
    }
    state.pinned = null
    conn.release()
  }

  /** Drops a broken connection; a transaction on it is gone, which later requests report. */
  discard(state: SessionState, conn: PoolConnection): void {
    conn.destroy()
    state.pinned = null
    state.holdsSessionState = false
  }

  /** Destroys every pinned connection (MySQL rolls back their transactions). */
  closeAll(): void {
    for (const state of this.states.values()) {
      if (state.timer) clearTimeout(state.timer)
      state.pinned?.destroy()
      state.pinned = null
    }
    this.states.clear()
  }

  private sign(uuid: string): Buffer {
    return createHmac('sha256', this.secret).update(uuid).digest()
  }

  private create(uuid: string): SessionState {
    const state: SessionState = {
      uuid,
      pinned: null,
      inTransaction: false,
      holdsSessionState: false,
      pending: 0,
      tail: Promise.resolve(),
      timer: null,
    }
    this.states.set(uuid, state)
    return state
  }

  private idle(state: SessionState): void {
    if (state.pending > 0) return
    if (!state.pinned) {
      this.states.delete(state.uuid)
      return
    }
    state.timer = setTimeout(() => this.expire(state), this.ttlMs)
    // An abandoned session must not keep the bridge process alive.
    state.timer.unref()
  }

  private expire(state: SessionState): void {
    // Destroy rather than release: closing the connection is what makes MySQL roll back, and it
    // keeps user variables and locks from leaking into other sessions through the pool.
    state.pinned?.destroy()
    state.pinned = null
    this.states.delete(state.uuid)
  }
}
