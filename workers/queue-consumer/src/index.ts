/** @module The queue-consumer Worker: commerce-events jobs and the dead-letter recorder. */
import { buildPorts, type PortBindings } from '#objects/shared/ports'
import { processEvents } from './process-events'
import { recordDeadLetters } from './record-dead-letters'

export default {
  async queue(batch, env) {
    // The DO namespaces are bound across scripts, so wrangler types cannot name their classes.
    const ports = buildPorts(env as unknown as PortBindings)
    if (batch.queue.endsWith('-dlq')) await recordDeadLetters(batch, ports)
    else await processEvents(batch, ports)
  },
} satisfies ExportedHandler<Env, unknown>
