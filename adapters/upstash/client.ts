/** @module Builds the @upstash/redis client the Upstash adapters share. */
import { Redis } from '@upstash/redis/cloudflare'

/** Connection settings: the REST URL and token of an Upstash database (or the dev bridge). */
export interface UpstashConfig {
  url: string
  token: string
}

/** One client per request; the SDK keeps no sockets, so building it costs nothing. */
export function createRedis(config: UpstashConfig): Redis {
  return new Redis({ url: config.url, token: config.token, enableTelemetry: false })
}
