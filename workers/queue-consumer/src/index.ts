/** @module The queue-consumer Worker: commerce-events jobs, webhook deliveries and the dead-letter recorder. */
import { buildPorts, type PortBindings } from '#objects/shared/ports'
import { processEvents } from './process-events'
import { recordDeadLetters } from './record-dead-letters'
import { deliverWebhooks } from './webhooks/deliver'
import { WEBHOOK_QUEUE, type WebhookVars, webhookSettings } from './webhooks/settings'

export default {
  async queue(batch, env) {
    // The DO namespaces are bound across scripts, so wrangler types cannot name their classes.
    const ports = buildPorts(env as unknown as PortBindings)
    // Type-checked also under the api's Env (tests import this), which lacks the consumer's vars.
    const settings = webhookSettings(env as unknown as WebhookVars)
    if (batch.queue.endsWith('-dlq')) await recordDeadLetters(batch, ports)
    else if (batch.queue === WEBHOOK_QUEUE) await deliverWebhooks(batch, ports, settings)
    else await processEvents(batch, ports, { settings, webhookDeliveries: env.WEBHOOK_DELIVERIES })
  },
} satisfies ExportedHandler<Env, unknown>
