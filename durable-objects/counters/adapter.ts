/** @module The embedded Counters adapter: the Counters port on sharded Counters Durable Objects. */
import {
  APPLY_ONCE_TTL_SECONDS,
  type CounterOp,
  type CountersPort,
  type RankedEntry,
} from '#domain/ports/counters'
import { objectCall } from '../shared/upstream'
import type { Counters } from './counters'
import { DEFAULT_SHARDS, groupByShard, shardOf } from './shards'

/** Routes each key to the one object of its shard; batches make one call per object. */
export class DurableObjectCounters implements CountersPort {
  readonly adapter = 'durable-object'

  constructor(
    private readonly namespace: DurableObjectNamespace<Counters>,
    private readonly shards = DEFAULT_SHARDS,
  ) {}

  private object(key: string) {
    return this.namespace.getByName(shardOf(key, this.shards))
  }

  async ping(): Promise<void> {
    await this.call(() => this.namespace.getByName('health').ping())
  }

  incrBy(key: string, by: number): Promise<number> {
    return this.call(() => this.object(key).incrBy(key, by))
  }

  set(key: string, value: number): Promise<void> {
    return this.call(() => this.object(key).set(key, value))
  }

  async get(key: string): Promise<number> {
    const [value] = await this.call(() => this.object(key).getMany([key]))
    return value ?? 0
  }

  async getMany(keys: readonly string[]): Promise<number[]> {
    const values = new Array<number>(keys.length).fill(0)
    const groups = groupByShard(keys, (k) => k, this.shards)
    await Promise.all(
      [...groups].map(async ([name, group]) => {
        const read = await this.call(() => this.namespace.getByName(name).getMany(group.items))
        group.indexes.forEach((at, i) => {
          values[at] = read[i] ?? 0
        })
      }),
    )
    return values
  }

  zIncrBy(key: string, member: string, by: number): Promise<number> {
    return this.call(() => this.object(key).zIncrBy(key, member, by))
  }

  async zTop(key: string, limit: number): Promise<RankedEntry[]> {
    return this.call(() => this.object(key).zTop(key, limit))
  }

  /**
   * Each object marks `id` and applies its own share of `ops` in one transaction. A call that
   * failed after some objects applied is repeated by its caller: those objects find their mark
   * and skip, the others apply, so each op lands exactly once without a cross-object transaction.
   */
  async applyOnce(id: string, ops: readonly CounterOp[]): Promise<boolean> {
    const groups = groupByShard(ops, (op) => op.key, this.shards)
    const applied = await Promise.all(
      [...groups].map(([name, group]) =>
        this.call(() =>
          this.namespace.getByName(name).applyOnce(id, group.items, APPLY_ONCE_TTL_SECONDS * 1000),
        ),
      ),
    )
    return applied.some(Boolean)
  }

  /** Every call to an object fails as UpstreamError, like every other Counters adapter. */
  private call<T>(work: () => Promise<T>): Promise<T> {
    return objectCall(this.adapter, work)
  }
}
