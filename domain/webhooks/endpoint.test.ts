/** @module Tests of endpoint URL rules, secrets and the secrets that sign. */
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import {
  checkEndpointUrl,
  generateWebhookSecret,
  signingSecrets,
  toPublicEndpoint,
  type WebhookEndpoint,
} from './endpoint'

describe('checkEndpointUrl', () => {
  it('takes https anywhere and http to loopback outside production only', () => {
    expect(checkEndpointUrl('https://shop.example/hooks?x=1', 'production')).toBe(
      'https://shop.example/hooks?x=1',
    )
    for (const host of ['127.0.0.1:9000', 'localhost', '[::1]:8080'])
      expect(checkEndpointUrl(`http://${host}/in`, 'development')).toBe(`http://${host}/in`)
    expect(() => checkEndpointUrl('http://127.0.0.1/in', 'production')).toThrow(AppError)
  })

  it('refuses other schemes, remote http, credentials, fragments and garbage', () => {
    for (const url of [
      'http://shop.example/hooks',
      'http://10.0.0.1/hooks',
      'ftp://shop.example/x',
      'https://user:pw@shop.example/x',
      'https://shop.example/x#frag',
      'not a url',
    ])
      expect(() => checkEndpointUrl(url, 'development'), url).toThrow(/url/)
  })
})

describe('secrets', () => {
  const endpoint: WebhookEndpoint = {
    id: 'whe_1',
    url: 'https://shop.example/x',
    description: '',
    eventTypes: ['order.paid'],
    enabled: true,
    secret: 'new',
    previousSecret: 'old',
    previousSecretExpiresAt: 2_000,
    createdAt: 1,
    updatedAt: 1,
  }

  it('makes distinct 256-bit secrets', () => {
    const a = generateWebhookSecret()
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)
    expect(generateWebhookSecret()).not.toBe(a)
  })

  it('signs with the previous secret until it expires', () => {
    expect(signingSecrets(endpoint, 1_999)).toEqual(['new', 'old'])
    expect(signingSecrets(endpoint, 2_000)).toEqual(['new'])
    expect(signingSecrets({ ...endpoint, previousSecret: null }, 0)).toEqual(['new'])
  })

  it('never shows a secret in the public view', () => {
    const shown = JSON.stringify(toPublicEndpoint(endpoint))
    expect(shown).not.toContain('"new"')
    expect(shown).not.toContain('"old"')
    expect(toPublicEndpoint(endpoint)).toMatchObject({
      id: 'whe_1',
      previousSecretExpiresAt: 2_000,
    })
  })
})
