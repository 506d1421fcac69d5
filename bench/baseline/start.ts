/** @module Starts the baseline server in its own Node process, so it never shares a CPU loop with the load. */
import { spawn } from 'node:child_process'
import mysql from 'mysql2/promise'

/** The running baseline: its loopback URL, an order counter, and how to stop it. */
export interface Baseline {
  url: string
  ordersArchived(): Promise<number>
  close(): Promise<void>
}

/** Spawns bench/baseline/server.ts under tsx and waits for its port. */
export async function startBaseline(): Promise<Baseline> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/baseline/server.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (line: string) => {
      const match = /listening (\d+)/.exec(line)
      if (match) resolve(Number(match[1]))
    })
    child.on('exit', (code) => reject(new Error(`baseline server exited ${code}`)))
  })
  const db = await mysql.createConnection(
    `${process.env.MYSQL_SERVER_URL ?? 'mysql://root@127.0.0.1:3306'}/bench_baseline`,
  )
  return {
    url: `http://127.0.0.1:${port}`,
    async ordersArchived() {
      const [rows] = await db.query('SELECT COUNT(*) AS n FROM orders')
      return Number((rows as { n: number }[])[0]?.n ?? 0)
    },
    async close() {
      await db.end()
      child.kill('SIGTERM')
    },
  }
}
