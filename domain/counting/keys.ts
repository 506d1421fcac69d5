/** @module Leaderboard keys and their UTC day buckets: the one place their names are spelled. */
import { z } from 'zod'

/** A calendar day `YYYY-MM-DD`, checked as a real date (no 2023-02-29). */
export const Day = z.iso.date()

/** Which stretch of time a leaderboard covers: all time, or one UTC day. */
export type Period = { period: 'all' } | { period: 'day'; day: string }

/**
 * The sorted sets the platform ranks: `bestsellers` (product ids by units sold), `spend` (user
 * ids by minor units spent), `trending` (normalised search queries by searches).
 */
export type Board = 'bestsellers' | 'spend' | 'trending'

/** The UTC day an instant falls in. */
export function utcDay(at: Date | number | string): string {
  return new Date(at).toISOString().slice(0, 10)
}

/** `bestsellers:all`, `bestsellers:2024-05-01`, …: the key of a board over a period. */
export function leaderboardKey(board: Board, period: Period): string {
  return period.period === 'all' ? `${board}:all` : `${board}:${period.day}`
}

/** The keys one event bumps: its board all time and on the UTC day it happened. */
export function leaderboardKeys(board: Board, at: Date | number | string): [string, string] {
  return [
    leaderboardKey(board, { period: 'all' }),
    leaderboardKey(board, { period: 'day', day: utcDay(at) }),
  ]
}
