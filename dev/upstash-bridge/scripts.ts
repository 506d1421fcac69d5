/**
 * @module Upstash-only Lua script flags. Upstash accepts `#!lua flags=allow-key-locking` (and
 * @upstash/ratelimit 2.2 sends it); open-source Redis rejects the unknown flag. The bridge drops
 * it before the script reaches Redis and maps the client's SHA1 to the rewritten script's.
 */
import { createHash } from 'node:crypto'

const UPSTASH_ONLY_FLAGS = new Set(['allow-key-locking'])
const SHEBANG = /^#!lua([^\n]*)/

// Client SHA1 (of the script it sent) → SHA1 of the script Redis actually stored.
const shaMap = new Map<string, string>()

const sha1 = (text: Buffer | string) => createHash('sha1').update(text).digest('hex')

/** Rewrites `args` of EVAL, EVAL_RO, EVALSHA, EVALSHA_RO and SCRIPT LOAD in place of Upstash. */
export function adaptScriptArgs(name: string, args: Buffer[]): Buffer[] {
  const lower = name.toLowerCase()
  const scriptAt = lower === 'eval' || lower === 'eval_ro' ? 0 : isScriptLoad(lower, args) ? 1 : -1
  if (scriptAt >= 0 && args[scriptAt]) {
    const original = args[scriptAt]
    const rewritten = stripUpstashFlags(original.toString('utf8'))
    if (rewritten === undefined) return args
    shaMap.set(sha1(original), sha1(rewritten))
    return args.map((arg, i) => (i === scriptAt ? Buffer.from(rewritten, 'utf8') : arg))
  }
  if ((lower === 'evalsha' || lower === 'evalsha_ro') && args[0]) {
    const mapped = shaMap.get(args[0].toString('latin1').toLowerCase())
    if (mapped) return [Buffer.from(mapped), ...args.slice(1)]
  }
  return args
}

function isScriptLoad(name: string, args: Buffer[]): boolean {
  return name === 'script' && args[0]?.toString('latin1').toLowerCase() === 'load'
}

/** The script without Upstash-only flags, or undefined when it has none. */
export function stripUpstashFlags(script: string): string | undefined {
  const shebang = SHEBANG.exec(script)
  if (!shebang?.[1]) return undefined
  const match = /flags=(\S*)/.exec(shebang[1])
  if (!match?.[1]) return undefined
  const flags = match[1].split(',')
  const kept = flags.filter((flag) => !UPSTASH_ONLY_FLAGS.has(flag))
  if (kept.length === flags.length) return undefined
  const line = shebang[0].replace(match[0], `flags=${kept.join(',')}`)
  return line + script.slice(shebang[0].length)
}
