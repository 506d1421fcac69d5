/** @module The service check names what is missing and how to start it, and passes when all run. */
import { describe, expect, it } from 'vitest'
import { checkMysql, checkRedis } from '#dev/services/check'

describe('service check', () => {
  it('passes for the running Redis and MySQL', async () => {
    expect(await checkRedis()).toBeUndefined()
    expect(await checkMysql()).toBeUndefined()
  })

  it('names Redis, its address and the start command when nothing answers', async () => {
    const problem = await checkRedis('redis://127.0.0.1:1')
    expect(problem).toMatch(/^Redis is not answering at redis:\/\/127\.0\.0\.1:1 /)
    expect(problem).toContain('redis-server --daemonize yes')
  })

  it('names MySQL, its address and the start command when nothing answers', async () => {
    const problem = await checkMysql('mysql://root@127.0.0.1:1')
    expect(problem).toMatch(/^MySQL \(MariaDB\) is not answering at mysql:\/\/127\.0\.0\.1:1 /)
    expect(problem).toContain('start-stop-daemon --start')
  })
})
