/** @module What every adapter tells /v1/health: its name and whether it answers. */

/** Implemented by every adapter of every port. */
export interface Pingable {
  /** The adapter's name as /v1/health reports it, e.g. `d1` or `planetscale`. */
  readonly adapter: string
  /** Resolves when the backing service answers; rejects with the reason otherwise. */
  ping(): Promise<void>
}

/** The state of one port as /v1/health reports it. */
export interface PortHealth {
  port: string
  adapter: string
  ok: boolean
  latencyMs: number
  error?: string
}
