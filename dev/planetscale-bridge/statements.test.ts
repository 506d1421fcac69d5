/** @module Transaction-state fallback for statements whose result carries no OK packet. */
import { describe, expect, it } from 'vitest'
import { changesSessionState, inTransactionAfter, isRollback } from './statements'

describe('inTransactionAfter', () => {
  it('trusts the OK packet status bit when there is one', () => {
    expect(inTransactionAfter('SELECT 1', false, 3)).toBe(true)
    expect(inTransactionAfter('BEGIN', true, 2)).toBe(false)
  })

  it('classifies statements when no status is available', () => {
    expect(inTransactionAfter('/* drizzle */ start transaction read only', false)).toBe(true)
    expect(inTransactionAfter('BEGIN', false)).toBe(true)
    expect(inTransactionAfter('rollback to savepoint sp1', true)).toBe(true)
    expect(inTransactionAfter('ROLLBACK WORK TO SAVEPOINT a', true)).toBe(true)
    expect(inTransactionAfter('commit', true)).toBe(false)
    expect(inTransactionAfter('CREATE TABLE t (id INT)', true)).toBe(false)
    expect(inTransactionAfter('CREATE TEMPORARY TABLE t (id INT)', true)).toBe(true)
    expect(inTransactionAfter('SELECT * FROM t FOR UPDATE', true)).toBe(true)
    expect(inTransactionAfter('SELECT 1', false)).toBe(false)
  })
})

describe('isRollback', () => {
  it('matches a full rollback but not a rollback to a savepoint', () => {
    expect(isRollback('  ROLLBACK')).toBe(true)
    expect(isRollback('-- why\nrollback work')).toBe(true)
    expect(isRollback('ROLLBACK TO SAVEPOINT sp1')).toBe(false)
  })
})

describe('changesSessionState', () => {
  it('flags statements that leave state on the connection', () => {
    expect(changesSessionState('SET @x = 1')).toBe(true)
    expect(changesSessionState('SELECT GET_LOCK("k", 1)')).toBe(true)
    expect(changesSessionState('CREATE TEMPORARY TABLE t (id INT)')).toBe(true)
    expect(changesSessionState("SELECT 'SET @x' AS s")).toBe(false)
  })
})
