/**
 * @module Trending terms staff have hidden from the public board, kept in KV as one list: the
 * board filters them out at read time, whatever their counts.
 */
import { AppError } from '#domain/errors'

const KEY = 'trending:hidden'
/** Terms the list holds at most; the board reads this many extra entries to fill its places. */
export const MAX_HIDDEN_TERMS = 200

/** The hidden terms; a failing KV hides nothing (the board is decoration) and is reported. */
export async function readHiddenTerms(
  kv: KVNamespace,
  warn: (msg: string, fields: object) => void,
): Promise<string[]> {
  try {
    return (await kv.get<string[]>(KEY, { type: 'json', cacheTtl: 60 })) ?? []
  } catch (error) {
    warn('hidden trending terms not read', { error })
    return []
  }
}

/**
 * Adds (`hide`) or removes a term and returns the list. Read-modify-write: two admins editing at
 * the same moment can lose one edit (KV has no compare-and-set); the answer shows what was kept.
 */
export async function editHiddenTerms(
  kv: KVNamespace,
  term: string,
  hide: boolean,
): Promise<string[]> {
  const current = (await kv.get<string[]>(KEY, { type: 'json' })) ?? []
  const next = hide ? [...new Set([...current, term])].sort() : current.filter((t) => t !== term)
  if (next.length > MAX_HIDDEN_TERMS)
    throw new AppError('conflict', `At most ${MAX_HIDDEN_TERMS} hidden terms`)
  await kv.put(KEY, JSON.stringify(next))
  return next
}
