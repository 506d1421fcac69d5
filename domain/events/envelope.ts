/** @module The queue message envelope: `{type, v, id, occurredAt, data}`. */
import { z } from 'zod'

/** Every message on `commerce-events` has this shape; `data` is checked by the job for `type`. */
export const EventEnvelope = z.strictObject({
  type: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/),
  v: z.number().int().positive(),
  id: z.string().min(1).max(64),
  occurredAt: z.iso.datetime(),
  data: z.unknown(),
})

export type EventEnvelope = z.infer<typeof EventEnvelope>
