/** @module Tests of leaderboard keys and UTC day buckets. */
import { describe, expect, it } from 'vitest'
import { Day, leaderboardKey, leaderboardKeys, utcDay } from './keys'

describe('leaderboard keys', () => {
  it('buckets an instant by its UTC day, not the local one', () => {
    expect(utcDay(Date.UTC(2024, 1, 29, 23, 59, 59))).toBe('2024-02-29')
    expect(utcDay('2024-03-01T00:30:00+02:00')).toBe('2024-02-29')
    expect(utcDay(new Date(Date.UTC(2024, 11, 31, 0, 0)))).toBe('2024-12-31')
  })

  it('names a board per period, and the two keys one event bumps', () => {
    expect(leaderboardKey('bestsellers', { period: 'all' })).toBe('bestsellers:all')
    expect(leaderboardKey('trending', { period: 'day', day: '2024-05-01' })).toBe(
      'trending:2024-05-01',
    )
    expect(leaderboardKeys('spend', '2024-05-01T23:00:00Z')).toEqual([
      'spend:all',
      'spend:2024-05-01',
    ])
  })

  it('accepts only real calendar days', () => {
    expect(Day.safeParse('2024-02-29').success).toBe(true)
    for (const bad of ['2023-02-29', '2024-13-01', '2024-5-01', 'today', '2024-05-01T00:00:00Z']) {
      expect(Day.safeParse(bad).success, bad).toBe(false)
    }
  })
})
