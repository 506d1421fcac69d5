/** @module The classic-origin baseline: node:http + mysql2, checkout under SELECT … FOR UPDATE. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import mysql from 'mysql2/promise'

const SERVER_URL = process.env.MYSQL_SERVER_URL ?? 'mysql://root@127.0.0.1:3306'
const DATABASE = 'bench_baseline'

// A fresh database per run, so the stock and order counts belong to this run alone.
const setup = await mysql.createConnection(SERVER_URL)
await setup.query(`DROP DATABASE IF EXISTS ${DATABASE}`)
await setup.query(`CREATE DATABASE ${DATABASE}`)
await setup.end()
const pool = mysql.createPool({ uri: `${SERVER_URL}/${DATABASE}`, connectionLimit: 32 })
await pool.query(`CREATE TABLE stock (sku VARCHAR(64) PRIMARY KEY, available INT NOT NULL)`)
await pool.query(`CREATE TABLE orders (
  id BIGINT AUTO_INCREMENT PRIMARY KEY, idempotency_key VARCHAR(128) NOT NULL UNIQUE,
  sku VARCHAR(64) NOT NULL, quantity INT NOT NULL, created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))`)

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => send(res, 500, { error: String(err) }))
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address && typeof address === 'object') console.log(`listening ${address.port}`)
})

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const sku = decodeURIComponent(url.pathname.split('/')[3] ?? '')
  if (req.method === 'POST' && url.pathname === '/v1/orders') return checkout(req, res)
  if (req.method === 'GET' && url.pathname.startsWith('/v1/inventory/')) {
    const [rows] = await pool.query('SELECT available FROM stock WHERE sku = ?', [sku])
    const row = (rows as { available: number }[])[0]
    return send(res, 200, { sku, available: row?.available ?? 0 })
  }
  if (req.method === 'POST' && url.pathname.endsWith('/adjust')) {
    const skuOf = decodeURIComponent(url.pathname.split('/')[4] ?? '')
    const { delta } = JSON.parse(await body(req)) as { delta: number }
    await pool.query(
      'INSERT INTO stock (sku, available) VALUES (?, ?) ON DUPLICATE KEY UPDATE available = available + VALUES(available)',
      [skuOf, delta],
    )
    return send(res, 200, { sku: skuOf })
  }
  return send(res, 404, { error: 'No route' })
}

/** The classic checkout: lock the stock row, check, decrement, insert the order, commit. */
async function checkout(req: IncomingMessage, res: ServerResponse) {
  const key = req.headers['idempotency-key']
  const { items } = JSON.parse(await body(req)) as { items: { sku: string; quantity: number }[] }
  const item = items[0]
  if (typeof key !== 'string' || !item) return send(res, 400, { error: 'bad request' })
  const connection = await pool.getConnection()
  try {
    await connection.beginTransaction()
    const [rows] = await connection.query('SELECT available FROM stock WHERE sku = ? FOR UPDATE', [
      item.sku,
    ])
    const available = (rows as { available: number }[])[0]?.available ?? 0
    if (available < item.quantity) {
      await connection.rollback()
      return send(res, 409, { error: { code: 'insufficient_stock', available } })
    }
    await connection.query('UPDATE stock SET available = available - ? WHERE sku = ?', [
      item.quantity,
      item.sku,
    ])
    const [inserted] = await connection.query(
      'INSERT INTO orders (idempotency_key, sku, quantity) VALUES (?, ?, ?)',
      [key, item.sku, item.quantity],
    )
    await connection.commit()
    return send(res, 201, { id: (inserted as { insertId: number }).insertId, sku: item.sku })
  } catch (err) {
    await connection.rollback()
    throw err
  } finally {
    connection.release()
  }
}

function body(req: IncomingMessage) {
  return new Promise<string>((resolve, reject) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      text += chunk
    })
    req.on('end', () => resolve(text))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, status: number, payload: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(payload))
}
