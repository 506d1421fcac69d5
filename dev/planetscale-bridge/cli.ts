/** @module Shell entry: `tsx dev/planetscale-bridge/cli.ts` runs the bridge until SIGINT/SIGTERM. */
import { startPlanetScaleBridge } from './server'

// Local-only defaults: the bridge serves a dev database on loopback, never production data.
const username = process.env.PLANETSCALE_BRIDGE_USERNAME || 'local'
const password = process.env.PLANETSCALE_BRIDGE_PASSWORD || 'local-dev-password'

// Port comes from PLANETSCALE_BRIDGE_PORT (default 8080), the database from MYSQL_DATABASE.
const bridge = await startPlanetScaleBridge({ username, password })
console.log(`PlanetScale bridge listening; DATABASE_URL=${bridge.url}`)

let stopping = false
async function stop(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  console.log(`planetscale-bridge: ${signal}, closing`)
  await bridge.close()
  process.exit(0)
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stop(signal).catch((err: unknown) => {
      console.error('planetscale-bridge: close failed', err)
      process.exit(1)
    })
  })
}
