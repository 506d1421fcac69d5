/** @module Tests of the typed hono/client against the real Worker. */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { uniqueEmail } from '#test/workers/accounts'
import { createClient } from './client'
import worker from './index'

// The client's requests go straight to the Worker's fetch handler instead of the network.
const client = createClient('http://api.test', {
  fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
    const ctx = createExecutionContext()
    const res = await worker.fetch(new Request(input, init), env, ctx)
    await waitOnExecutionContext(ctx)
    return res
  },
})

describe('typed client', () => {
  it('registers, signs in and reads /v1/me with typed requests and answers', async () => {
    const email = uniqueEmail()
    const registered = await client.v1.auth.register.$post({
      json: { email, password: 'pw-12345678', name: 'Typed' },
    })
    expect(registered.status).toBe(201)
    if (registered.status !== 201) return
    const { user } = await registered.json()
    expect(user.name).toBe('Typed')

    const login = await client.v1.auth.login.$post({ json: { email, password: 'pw-12345678' } })
    if (login.status !== 200) throw new Error(`login answered ${login.status}`)
    const { token } = await login.json()

    const me = await client.v1.me.$get({}, { headers: { authorization: `Bearer ${token}` } })
    if (me.status !== 200) throw new Error(`me answered ${me.status}`)
    expect((await me.json()).user).toEqual(user)
  })

  it('types the error answers too', async () => {
    const res = await client.v1.auth.login.$post({
      json: { email: uniqueEmail(), password: 'wrong-password' },
    })
    expect(res.status).toBe(401)
    if (res.status === 401) expect((await res.json()).error.code).toBe('invalid_credentials')
  })
})
