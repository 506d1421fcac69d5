/**
 * @module An account's saved addresses, kept in its shopper's object: validated with the same
 * per-country rules as checkout (domain/address), at most MAX_SAVED_ADDRESSES, one of them
 * optionally the default. Deleted with the cart when the account is deleted (forget.ts).
 */
import { type Address, parseAddress } from '#domain/address/address'
import { AppError } from '#domain/errors'
import { MAX_SAVED_ADDRESSES } from './limits'

/** A saved address as callers see it. */
export interface SavedAddress {
  id: string
  label: string | null
  isDefault: boolean
  createdAt: number
  address: Address
}

/** What a caller asks to save; the address is parsed here, whatever the route checked. */
export interface NewAddress {
  address: unknown
  label?: string | null
  isDefault?: boolean
}

type Row = {
  id: string
  label: string | null
  address: string
  is_default: number
  created_at: number
}

const ID = /^[0-9a-f]{32}$/

/** Whether `id` has the shape of a saved address's id (32 hex digits). */
export const isAddressId = (id: unknown): id is string => typeof id === 'string' && ID.test(id)

/** Every saved address, the default first, then oldest first. */
export function listAddresses(sql: SqlStorage): SavedAddress[] {
  return sql
    .exec<Row>('SELECT * FROM addresses ORDER BY is_default DESC, created_at, id')
    .toArray()
    .map((r) => ({
      id: r.id,
      label: r.label,
      isDefault: r.is_default === 1,
      createdAt: r.created_at,
      address: JSON.parse(r.address) as Address,
    }))
}

/**
 * Saves an address; run inside a transaction. `validation_failed` for a bad address or label, or
 * when MAX_SAVED_ADDRESSES are kept already; nothing is written then. A default unsets the others.
 */
export function addAddress(sql: SqlStorage, input: NewAddress): SavedAddress {
  if (typeof input !== 'object' || input === null)
    throw new AppError('validation_failed', 'an address is required')
  const address = parseAddress(input.address)
  const label = input.label == null ? null : input.label
  if (label !== null && (typeof label !== 'string' || label.trim() === '' || label.length > 50))
    throw new AppError('validation_failed', 'label must be 1-50 characters')
  if (input.isDefault !== undefined && typeof input.isDefault !== 'boolean')
    throw new AppError('validation_failed', 'isDefault must be true or false')
  const count = sql.exec<{ n: number }>('SELECT count(*) AS n FROM addresses').one().n
  if (count >= MAX_SAVED_ADDRESSES)
    throw new AppError(
      'validation_failed',
      `an account keeps at most ${MAX_SAVED_ADDRESSES} addresses`,
      [{ path: '', message: 'limit reached', code: 'too_many_addresses' }],
    )
  const isDefault = input.isDefault === true
  if (isDefault) sql.exec('UPDATE addresses SET is_default = 0 WHERE is_default = 1')
  const saved: SavedAddress = {
    id: crypto.randomUUID().replaceAll('-', ''),
    label: label?.trim() ?? null,
    isDefault,
    createdAt: Date.now(),
    address,
  }
  sql.exec(
    'INSERT INTO addresses (id, label, address, is_default, created_at) VALUES (?, ?, ?, ?, ?)',
    saved.id,
    saved.label,
    JSON.stringify(address),
    isDefault ? 1 : 0,
    saved.createdAt,
  )
  return saved
}

/** Deletes a saved address; `not_found` when there is none by this id. */
export function deleteAddress(sql: SqlStorage, id: string): void {
  if (!isAddressId(id)) throw new AppError('not_found', 'no such address')
  if (sql.exec('DELETE FROM addresses WHERE id = ?', id).rowsWritten === 0)
    throw new AppError('not_found', 'no such address')
}
