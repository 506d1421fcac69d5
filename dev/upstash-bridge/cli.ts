/** @module Shell entry: `tsx dev/upstash-bridge/cli.ts` runs the Upstash bridge until SIGINT/SIGTERM. */
// Env: UPSTASH_BRIDGE_TOKEN (default local-dev-token), UPSTASH_BRIDGE_PORT (8079), UPSTASH_BRIDGE_HOST
// (127.0.0.1), UPSTASH_BRIDGE_REDIS_URL (redis://127.0.0.1:6379), UPSTASH_BRIDGE_PREFIX (none).
import { startUpstashBridge } from './server'

// Local-only default so `UPSTASH_REDIS_REST_TOKEN=local-dev-token` works out of the box;
// the bridge binds to 127.0.0.1 and must never hold a real Upstash token.
const DEFAULT_TOKEN = 'local-dev-token'

const bridge = await startUpstashBridge({
  token: process.env.UPSTASH_BRIDGE_TOKEN || DEFAULT_TOKEN,
  host: process.env.UPSTASH_BRIDGE_HOST || undefined,
  redisUrl: process.env.UPSTASH_BRIDGE_REDIS_URL || undefined,
  prefix: process.env.UPSTASH_BRIDGE_PREFIX || undefined,
})

console.log(`Upstash bridge listening on ${bridge.url}`)
console.log(`  UPSTASH_REDIS_REST_URL=${bridge.url}`)
console.log(`  UPSTASH_REDIS_REST_TOKEN=${bridge.token}`)

let stopping = false
const stop = (signal: NodeJS.Signals) => {
  // A second signal while Redis is closing means the user wants out now.
  if (stopping) process.exit(1)
  stopping = true
  console.log(`Upstash bridge: ${signal}, shutting down`)
  bridge.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('Upstash bridge: error while closing', error)
      process.exit(1)
    },
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
