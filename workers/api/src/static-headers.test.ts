/** @module The static pages' headers (_headers) carry the same HSTS as the API. */
import { describe, expect, it } from 'vitest'
import headersFile from '/workers/api/public/_headers?raw'
import { HSTS } from './app'

/** Header lines of the `/*` rule of a Cloudflare _headers file. */
function headersOfAllPaths(text: string): Map<string, string> {
  const headers = new Map<string, string>()
  let inRule = false
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue
    if (!/^\s/.test(line)) {
      inRule = line.trim() === '/*'
      continue
    }
    const [name, ...value] = line.trim().split(':')
    if (inRule && name) headers.set(name.toLowerCase(), value.join(':').trim())
  }
  return headers
}

describe('workers/api/public/_headers', () => {
  it('sends Strict-Transport-Security on every page, with the API’s value', () => {
    const headers = headersOfAllPaths(headersFile)
    expect(headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(headers.get('strict-transport-security')).toBe(HSTS)
  })
})
