/** @module A redis-server child process the suite owns, to kill and restart under the bridge. */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'
import { until } from './poll'

/** A dedicated, memory-only Redis on a free loopback port. */
export interface OwnRedis {
  url: string
  /** Kills it with SIGKILL, as a crash would; its data is gone. */
  kill(): Promise<void>
  /** Starts it again on the same port (empty). */
  start(): Promise<void>
}

/** Starts redis-server on a free port; fails naming the binary when it is not installed. */
export async function startRedis(): Promise<OwnRedis> {
  const port = await freePort()
  const url = `redis://127.0.0.1:${port}`
  let child: ChildProcess | undefined
  const own: OwnRedis = {
    url,
    async kill() {
      const running = child
      child = undefined
      if (!running || running.exitCode !== null) return
      const exited = new Promise((r) => running.once('exit', r))
      running.kill('SIGKILL')
      await exited
    },
    async start() {
      if (child) return
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      )
      const spawned = child
      const failed = new Promise<never>((_, reject) =>
        spawned.once('error', (err) =>
          reject(new Error(`redis-server could not start (is it installed?): ${err.message}`)),
        ),
      )
      await Promise.race([failed, until(`redis-server on ${port} answers`, () => pings(url))])
    },
  }
  await own.start()
  return own
}

async function pings(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  redis.on('error', () => {})
  try {
    await redis.connect()
    return (await redis.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    redis.disconnect()
  }
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
