/**
 * @module A real HTTP receiver for outbound webhooks, on 127.0.0.1: it checks each request's
 * signature as a merchant would (the platform's own verifier, with the secret it was given),
 * records what came, and answers with the status its script says.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { verifySignature } from '#domain/payments/signature'

/** One request as received. */
export interface Received {
  path: string
  headers: Record<string, string>
  body: string
  event: { id: string; type: string; createdAt: string; data: unknown }
  /** The signature check's outcome with the secret of the path's endpoint. */
  verified: boolean
  /** The `t=` of the signature, in unix seconds. */
  timestamp: number
  answered: number
}

export interface Receiver {
  url: string
  received: Received[]
  /** The signing secret of the endpoint registered at `path` (from its creation answer). */
  secrets: Map<string, string>
  /** Answers for the next requests to `path`, in order; afterwards `fallback` of the path, else 200. */
  script: Map<string, number[]>
  fallback: Map<string, number>
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = []
  const secrets = new Map<string, string>()
  const script = new Map<string, number[]>()
  const fallback = new Map<string, number>()
  const server: Server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
    })
    req.on('end', async () => {
      const path = req.url ?? '/'
      const header = req.headers['x-signature']
      const check = await verifySignature({
        secret: secrets.get(path) ?? 'unknown-endpoint',
        header: typeof header === 'string' ? header : undefined,
        body,
        nowSeconds: Math.floor(Date.now() / 1000),
      })
      const planned = script.get(path)?.shift()
      // A receiver refuses what it cannot verify, as merchants are told to.
      const answered = check.ok ? (planned ?? fallback.get(path) ?? 200) : 401
      received.push({
        path,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body,
        event: JSON.parse(body),
        verified: check.ok,
        timestamp: check.ok ? check.timestamp : 0,
        answered,
      })
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(String(answered))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    secrets,
    script,
    fallback,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
