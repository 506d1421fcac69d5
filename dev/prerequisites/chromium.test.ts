/** @module findChromium and requireChromium: the variable wins, then usual places, PATH, the cache. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findChromium, requireChromium } from './chromium'

const dir = mkdtempSync(join(tmpdir(), 'find-chromium-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A file at `path` under the temporary directory, executable or not. */
function file(path: string, executable = true): string {
  const full = join(dir, path)
  mkdirSync(join(full, '..'), { recursive: true })
  writeFileSync(full, '#!/bin/sh\n')
  chmodSync(full, executable ? 0o755 : 0o644)
  return full
}

/** An environment that sees nothing of this machine's own browsers. */
const bare = { PATH: '', HOME: join(dir, 'home') }

describe('findChromium', () => {
  it('answers the path CHROMIUM_PATH names, even a wrong one, so it is reported', () => {
    const env = { ...bare, CHROMIUM_PATH: '/nowhere/chrome' }
    expect(findChromium(env, [])).toBe('/nowhere/chrome')
    expect(() => requireChromium(env, [])).toThrow(
      'CHROMIUM_PATH=/nowhere/chrome is not an executable file',
    )
  })

  it('takes the first executable of the usual places before PATH', () => {
    const usual = file('usr/bin/chromium')
    const onPath = file('bin/google-chrome')
    const notRunnable = file('opt/chromium', false)
    const env = { ...bare, PATH: join(dir, 'bin') }
    expect(findChromium(env, [notRunnable, usual])).toBe(usual)
    expect(findChromium(env, [notRunnable])).toBe(onPath)
  })

  it('finds a browser in the playwright cache, newest revision first', () => {
    file('cache/chromium-1100/chrome-linux64/chrome')
    const newest = file('cache/chromium-1200/chrome-linux64/chrome')
    expect(findChromium({ ...bare, PLAYWRIGHT_BROWSERS_PATH: join(dir, 'cache') }, [])).toBe(newest)
  })

  it('stops with the one message naming the package when there is none', () => {
    expect(findChromium(bare, [])).toBeUndefined()
    expect(() => requireChromium(bare, [])).toThrow(
      `install Debian's package as root with "apt-get install chromium", or set CHROMIUM_PATH`,
    )
  })
})
