/** @module Tests of the secrets file start:services gives wrangler. */
import { readFileSync } from 'node:fs'
import { parseEnv } from 'node:util'
import { describe, expect, it } from 'vitest'
import { servicesEnvFile } from './env-file'

const bridges = {
  DATABASE_URL: 'http://local:pw@127.0.0.1:8080/commerce',
  UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079',
  UPSTASH_REDIS_REST_TOKEN: 'local-dev-token',
}

describe('servicesEnvFile', () => {
  it("keeps every secret of the shipped .dev.vars.example and adds the bridges'", () => {
    const file = servicesEnvFile(readFileSync('.dev.vars.example', 'utf8'), bridges)
    const parsed = parseEnv(file)
    expect(parsed).toMatchObject(bridges)
    for (const name of ['JWT_SECRET', 'ADMIN_API_KEY', 'PAYMENT_WEBHOOK_SECRET', 'DEV_PAYMENTS'])
      expect(parsed[name], name).toBeTruthy()
  })

  it('replaces a line that sets a bridge secret, whatever its form, and keeps the rest', () => {
    const devVars = [
      'ADMIN_API_KEY=mine',
      'DATABASE_URL=mysql://elsewhere',
      'export UPSTASH_REDIS_REST_URL = https://old.example',
      '# DATABASE_URL=commented',
      'OTHER=1',
    ].join('\n')
    const file = servicesEnvFile(devVars, bridges)
    expect(parseEnv(file)).toEqual({ ADMIN_API_KEY: 'mine', OTHER: '1', ...bridges })
    expect(file).not.toContain('elsewhere')
    expect(file).not.toContain('old.example')
    expect(file).toContain('# DATABASE_URL=commented')
  })

  it('gives the bridges alone for an empty file', () => {
    expect(parseEnv(servicesEnvFile('', bridges))).toEqual(bridges)
  })
})
