/**
 * @module The test command's runner as an operator's tools stop it: a SIGTERM to it (a process
 * manager, `timeout`, CI's cancel) stops the command it runs and everything that command started,
 * and its exit code says a signal ended the run.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/** Whether the process runs: it exists and is not a zombie waiting for a parent to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (check()) return true
    await new Promise((r) => setTimeout(r, 100))
  }
  return check()
}

describe('the test command runner (dev/prerequisites/cli.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'test-runner-'))
  const pids: number[] = []
  let runner: ChildProcess | undefined

  afterAll(() => {
    for (const pid of pids)
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // Gone, as it should be.
      }
    runner?.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('passes a SIGTERM to the command and to the processes the command started', async () => {
    const pidFile = join(dir, 'pids')
    // A command like the suites: a shell that starts a long-running process and waits for it.
    const script = `sleep 300 & echo "$$ $!" > ${pidFile}; wait`
    runner = spawn(
      'node_modules/.bin/tsx',
      ['dev/prerequisites/cli.ts', '--', 'sh', '-c', script],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    runner.stdout?.on('data', (chunk) => {
      output += String(chunk)
    })
    runner.stderr?.on('data', (chunk) => {
      output += String(chunk)
    })
    const exited = new Promise<number | null>((r) => runner?.once('exit', (code) => r(code)))
    expect(
      await until(
        () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').includes('\n'),
        60_000,
      ),
      output,
    ).toBe(true)
    pids.push(...readFileSync(pidFile, 'utf8').trim().split(' ').map(Number))
    expect(pids).toHaveLength(2)
    expect(pids.every(alive)).toBe(true)

    runner.kill('SIGTERM')
    // 128 + 15: the shell ended by SIGTERM, reported as a shell reports it.
    expect(await exited, output).toBe(143)
    expect(await until(() => !pids.some(alive), 5_000)).toBe(true)
  }, 90_000)
})
