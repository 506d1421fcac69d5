/** @module Tests of the deploy check: a configuration enabling the test payment route is refused. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { deployProblems } from './check-deploy'

describe('deployProblems', () => {
  it('passes both shipped wrangler.toml files', () => {
    for (const file of ['wrangler.toml', 'workers/queue-consumer/wrangler.toml'])
      expect(deployProblems(readFileSync(file, 'utf8')), file).toEqual([])
  })

  it('refuses DEV_PAYMENTS enabled in [vars], an environment or an inline table', () => {
    expect(deployProblems('[vars]\nDEV_PAYMENTS = "enabled"\n')).toHaveLength(1)
    expect(deployProblems("[env.production.vars]\nDEV_PAYMENTS='Enabled'")).toHaveLength(1)
    expect(deployProblems('[env.x]\nvars = { A = "1", DEV_PAYMENTS = "enabled" }')).toHaveLength(1)
  })

  it('ignores comments and other values', () => {
    expect(deployProblems('# DEV_PAYMENTS = "enabled"\n[vars]\nDEV_PAYMENTS = "disabled"')).toEqual(
      [],
    )
  })
})
