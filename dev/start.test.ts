/**
 * @module `npm start` as an operator's tools stop it: a SIGTERM to the npm process (a process
 * manager, `timeout`, an editor's stop button) stops both Workers and frees the port, as Ctrl-C
 * does. Runs the real command on a free port with a state directory of its own.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (!address || typeof address === 'string') throw new Error('no port')
  return address.port
}

/**
 * The pids of processes whose command line names this port: npm, wrangler (`--port N`) and the
 * workerd under it (`--socket-addr=…127.0.0.1:N`).
 */
function processesOnPort(port: number): number[] {
  try {
    return execFileSync('pgrep', ['-f', `(-port |127[.]0[.]0[.]1:)${port}( |$)`], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .map(Number)
      .filter((pid) => pid > 0 && pid !== process.pid)
  } catch {
    // pgrep exits 1 when nothing matches.
    return []
  }
}

function groupOf(pid: number): number {
  try {
    return Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }))
  } catch {
    return 0
  }
}

const answers = (port: number) =>
  fetch(`http://127.0.0.1:${port}/v1/health`).then(
    () => true,
    () => false,
  )

async function until(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, 250))
  }
  return check()
}

describe('npm start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'npm-start-'))
  const ports: number[] = []
  let npm: ChildProcess | undefined

  afterAll(() => {
    // Whatever the tests found, leave nothing running: the groups of the processes on their ports
    // (wrangler runs in a process group of its own, with a second workerd that names no port).
    const own = groupOf(process.pid)
    const groups = new Set(ports.flatMap(processesOnPort).map(groupOf))
    for (const group of groups)
      try {
        if (group > 1 && group !== own) process.kill(-group, 'SIGKILL')
      } catch {
        // Gone already.
      }
    npm?.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('stops both Workers and frees its port when the npm process gets SIGTERM', async () => {
    const port = await freePort()
    ports.push(port)
    npm = spawn('npm', ['start', '--', '--port', String(port), '--persist-to', join(dir, 'npm')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own, so the clean-up can end it without ending this test runner.
      detached: true,
    })
    let output = ''
    npm.stdout?.on('data', (chunk) => {
      output += String(chunk)
    })
    npm.stderr?.on('data', (chunk) => {
      output += String(chunk)
    })
    const exited = new Promise((r) => npm?.once('exit', r))
    expect(await until(() => output.includes('Ready:'), 90_000), output).toBe(true)
    expect(output).toContain(`http://localhost:${port}/`)
    expect(await answers(port)).toBe(true)
    expect(processesOnPort(port).length).toBeGreaterThan(0)

    npm.kill('SIGTERM')
    await exited
    expect(await until(async () => !(await answers(port)), 15_000)).toBe(true)
    expect(await until(() => processesOnPort(port).length === 0, 15_000)).toBe(true)
  }, 150_000)

  it('is stopped when the process that started it exits without stopping it', async () => {
    // What Vitest does on a SIGTERM while the e2e platforms run: it exits, skipping the teardown.
    const port = await freePort()
    ports.push(port)
    const envFile = join(dir, 'secrets.env')
    writeFileSync(
      envFile,
      'JWT_SECRET=test-jwt-secret\nADMIN_API_KEY=test-admin-key\nPAYMENT_WEBHOOK_SECRET=test-webhook\n',
    )
    const options = {
      port,
      persistTo: join(dir, 'caller'),
      seedState: join(dir, 'caller', 'seed-state.json'),
      envFile,
      seedEnv: { ADMIN_API_KEY: 'test-admin-key' },
      products: 2,
      stdio: 'ignore',
    }
    const script = join(dir, 'caller.mts')
    writeFileSync(
      script,
      `import { startPlatform } from ${JSON.stringify(resolve('dev/start.ts'))}
await startPlatform(${JSON.stringify(options)})
console.log('started', await fetch('http://127.0.0.1:${port}/v1/health').then((r) => r.status))
process.exit(3)
`,
    )
    const caller = spawn('node_modules/.bin/tsx', [script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let output = ''
    caller.stdout?.on('data', (chunk) => {
      output += String(chunk)
    })
    caller.stderr?.on('data', (chunk) => {
      output += String(chunk)
    })
    const code = await new Promise((r) => caller.once('exit', r))
    expect(code, output).toBe(3)
    expect(output).toMatch(/started (200|503)/)
    expect(await until(async () => !(await answers(port)), 15_000)).toBe(true)
    expect(await until(() => processesOnPort(port).length === 0, 15_000)).toBe(true)
  }, 150_000)
})
