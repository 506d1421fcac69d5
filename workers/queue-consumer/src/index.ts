/** @module The queue-consumer Worker: commerce-events jobs, webhook deliveries and the dead-letter recorder. */
import { buildPorts, type PortBindings, type Ports } from '#objects/shared/ports'
import { processEvents } from './process-events'
import { recordDeadLetters } from './record-dead-letters'
import { deliverWebhooks } from './webhooks/deliver'
import { WEBHOOK_QUEUE, type WebhookVars, webhookSettings } from './webhooks/settings'

/**
 * The ports, built once per isolate for its env (as the api's middleware does): the D1 archive
 * keeps the statements drizzle writes for it by database, so new ports per batch would write
 * them again for every batch.
 */
const portsByEnv = new WeakMap<object, Ports>()

function portsFor(env: Env): Ports {
  let ports = portsByEnv.get(env)
  if (!ports) {
    // The DO namespaces are bound across scripts, so wrangler types cannot name their classes.
    ports = buildPorts(env as unknown as PortBindings)
    portsByEnv.set(env, ports)
  }
  return ports
}

export default {
  async queue(batch, env) {
    const ports = portsFor(env)
    // Type-checked also under the api's Env (tests import this), which lacks the consumer's vars.
    const settings = webhookSettings(env as unknown as WebhookVars)
    if (batch.queue.endsWith('-dlq')) await recordDeadLetters(batch, ports)
    else if (batch.queue === WEBHOOK_QUEUE) await deliverWebhooks(batch, ports, settings)
    else await processEvents(batch, ports, { settings, webhookDeliveries: env.WEBHOOK_DELIVERIES })
  },
} satisfies ExportedHandler<Env, unknown>
