/** @module Starts the local Redis and MySQL the tests use when they are installed but not running. */
import { spawnSync } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { checkMysql, checkRedis } from '../services/check'
import { isExecutable } from './chromium'

/** A local server the services and faults projects talk to. */
interface LocalService {
  name: string
  /** Debian's package, named in the message when the server is not installed. */
  debianPackage: string
  /** Undefined when it answers, else why not. */
  check(): Promise<string | undefined>
  /** Whether the server is installed here. */
  installed(): boolean
  /** The command that starts it in the background. */
  start: string[]
}

const SERVICES: LocalService[] = [
  {
    name: 'Redis (127.0.0.1:6379)',
    debianPackage: 'redis-server',
    check: () => checkRedis(),
    installed: () => spawnSync('sh', ['-c', 'command -v redis-server']).status === 0,
    start: [
      'redis-server',
      ...['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379'],
      ...['--save', '', '--appendonly', 'no'],
    ],
  },
  {
    name: 'MySQL/MariaDB (127.0.0.1:3306, user root without password)',
    debianPackage: 'mariadb-server',
    check: () => checkMysql(),
    installed: () => isExecutable('/usr/sbin/mariadbd'),
    start: [
      'start-stop-daemon',
      '--start',
      '--oknodo',
      '--background',
      '--exec',
      '/usr/sbin/mariadbd',
    ],
  },
]

/**
 * Starts every service that is installed but not answering and waits up to 30 s for it. Answers
 * one line per service still missing, saying what to install or why it did not answer.
 */
export async function ensureServices(log: (line: string) => void): Promise<string[]> {
  const down: LocalService[] = []
  for (const s of SERVICES) if (await s.check()) down.push(s)
  const problems: string[] = []
  for (const s of down) {
    if (!s.installed()) {
      problems.push(
        `${s.name}: install Debian's ${s.debianPackage} (apt-get install ${s.debianPackage})`,
      )
      continue
    }
    log(`tests: starting ${s.name}: ${s.start.join(' ')}`)
    spawnSync(s.start[0] as string, s.start.slice(1), { stdio: 'ignore' })
    let why = await s.check()
    for (let i = 0; why && i < 30; i++) {
      await sleep(1_000)
      why = await s.check()
    }
    if (why) problems.push(`${s.name}: installed but not answering after 30 s: ${why}`)
  }
  return problems
}
