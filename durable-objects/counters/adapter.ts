/** @module The embedded Counters adapter: the Counters port on the Counters Durable Object. */
import type { CountersPort, RankedEntry } from '../../domain/ports/counters'
import type { Counters } from './counters'

/** Routes each key to its own Counters object. */
export class DurableObjectCounters implements CountersPort {
  readonly adapter = 'durable-object'

  constructor(private readonly namespace: DurableObjectNamespace<Counters>) {}

  async ping(): Promise<void> {
    await this.namespace.getByName('health').ping()
  }

  incrBy(key: string, by: number): Promise<number> {
    return this.namespace.getByName(key).incrBy(by)
  }

  async set(key: string, value: number): Promise<void> {
    await this.namespace.getByName(key).set(value)
  }

  get(key: string): Promise<number> {
    return this.namespace.getByName(key).get()
  }

  zIncrBy(key: string, member: string, by: number): Promise<number> {
    return this.namespace.getByName(key).zIncrBy(member, by)
  }

  async zTop(key: string, limit: number): Promise<RankedEntry[]> {
    return this.namespace.getByName(key).zTop(limit)
  }
}
