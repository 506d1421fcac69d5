/** @module Runs parsed commands on Redis with single, pipeline and MULTI/EXEC semantics. */
import { errorJson, type ResponseEncoding, resultJson } from './encode'
import type { Endpoint, ParsedCommand } from './parse'
import { isReplyError, type RedisLink, sendRaw } from './redis'

/** HTTP status and JSON body text for one request. */
export interface Reply {
  status: number
  body: string
}

/** Executes `commands` as the given endpoint prescribes (Upstash B5). */
export function execute(
  link: RedisLink,
  endpoint: Endpoint,
  commands: ParsedCommand[],
  encoding: ResponseEncoding,
): Promise<Reply> {
  if (endpoint === 'single') return runSingle(link, commands[0] as ParsedCommand, encoding)
  if (endpoint === 'pipeline') return runPipeline(link, commands, encoding)
  return runMultiExec(link, commands, encoding)
}

async function runSingle(link: RedisLink, command: ParsedCommand, encoding: ResponseEncoding) {
  if (command.refusal) return { status: 400, body: errorJson(command.refusal) }
  try {
    const reply = await sendRaw(link.main, link.address, command.name, command.args)
    return { status: 200, body: resultJson(reply, encoding) }
  } catch (error) {
    if (isReplyError(error)) return { status: 400, body: errorJson(error.message) }
    throw error
  }
}

async function runPipeline(link: RedisLink, commands: ParsedCommand[], encoding: ResponseEncoding) {
  // Sent in one synchronous loop so ioredis writes them back to back on the wire;
  // every command runs even when an earlier one fails, as with Upstash.
  const settled = await Promise.allSettled(
    commands.map((command) =>
      command.refusal
        ? Promise.reject(new RefusedError(command.refusal))
        : sendRaw(link.main, link.address, command.name, command.args),
    ),
  )
  return { status: 200, body: `[${settled.map((entry) => entryJson(entry, encoding)).join(',')}]` }
}

async function runMultiExec(
  link: RedisLink,
  commands: ParsedCommand[],
  encoding: ResponseEncoding,
) {
  const refused = commands.find((command) => command.refusal)
  if (refused?.refusal) {
    // Nothing is sent: a refused command discards the transaction, like a queue-time error.
    return { status: 400, body: errorJson(`${refused.refusal} (transaction not executed)`) }
  }
  // MULTI, the commands and EXEC are written in one synchronous burst on the dedicated
  // connection, so no other request's command can land inside the transaction.
  const send = (name: string, args: Buffer[] = []) => sendRaw(link.tx, link.address, name, args)
  const queued = [send('MULTI'), ...commands.map((c) => send(c.name, c.args))]
  const exec = send('EXEC')
  // Queue-time errors are reported again by EXEC as EXECABORT; settle them quietly.
  const queueing = Promise.allSettled(queued)
  try {
    const results = await exec
    await queueing
    if (!Array.isArray(results)) throw new Error(`EXEC returned a non-array reply`)
    const entries = results.map((reply) =>
      reply instanceof Error ? errorJson(reply.message) : resultJson(reply, encoding),
    )
    return { status: 200, body: `[${entries.join(',')}]` }
  } catch (error) {
    await queueing
    // EXECABORT: the whole transaction was discarded; the client needs a non-2xx here.
    if (isReplyError(error)) return { status: 400, body: errorJson(error.message) }
    throw error
  }
}

class RefusedError extends Error {}

function entryJson(entry: PromiseSettledResult<unknown>, encoding: ResponseEncoding): string {
  if (entry.status === 'fulfilled') return resultJson(entry.value, encoding)
  const error = entry.reason
  if (isReplyError(error) || error instanceof RefusedError) return errorJson(error.message)
  // Redis went away mid-pipeline: fail the whole request rather than half-report it.
  throw error
}
