/** @module Sends the dev bridges' error lines to a file: in a fault test they are the fault. */
import { createWriteStream, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { format } from 'node:util'
import { LOGS } from './platform'

// How the bridges start their lines (dev/upstash-bridge, dev/planetscale-bridge).
const BRIDGE_LINE = /^\[?(upstash|planetscale)-bridge/

/** Routes bridge lines written to console.error into LOGS/bridges.log; returns the undo. */
export function quietBridges(): () => Promise<void> {
  mkdirSync(LOGS, { recursive: true })
  const file = createWriteStream(join(LOGS, 'bridges.log'))
  const original = console.error
  console.error = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && BRIDGE_LINE.test(args[0])) file.write(`${format(...args)}\n`)
    else original(...args)
  }
  return () =>
    new Promise((resolve) => {
      console.error = original
      file.end(resolve)
    })
}
