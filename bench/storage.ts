/**
 * @module Where the served objects keep their SQLite files, and on what file system: recorded with
 * every run, because an object's start and every commit pay the file layer (docs/performance.md,
 * "Where a sale's CPU goes inside workerd"). Without a persist root, Miniflare keeps its stores in
 * a directory under the operating system's temporary directory (`TMPDIR`, else /tmp).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename } from 'node:path'

export interface StorageFacts {
  /** The directory Miniflare's stores live under. */
  dir: string
  /** `findmnt`'s FSTYPE for it (ext4, tmpfs, …), or `unknown`. */
  fileSystem: string
  /** The mounted device or source (`/dev/vda`, `tmpfs`), or `unknown`. */
  source: string
  /** ext4 only: whether the file system keeps a journal; null where not known or not ext4. */
  journal: boolean | null
  /**
   * A block device only: whether it is mounted with online discard (`discard`). Then ext4 without
   * a journal trims a deleted file's blocks before `unlink` returns, so every object that closes
   * and deletes its WAL waits for the device; null where not known or not a block device.
   */
  discard: boolean | null
}

/**
 * From `findmnt -no FSTYPE,SOURCE,OPTIONS --target dir` and, for ext4, the device's
 * `/sys/fs/ext4/<device>/journal_task` (the journal thread's id, or `<none>` without a journal).
 */
export function parseStorage(
  dir: string,
  findmnt: string | undefined,
  journalTask: (device: string) => string | undefined,
): StorageFacts {
  const [fileSystem = 'unknown', source = 'unknown', options] = (findmnt ?? '').trim().split(/\s+/)
  const discard =
    source.startsWith('/dev/') && options !== undefined
      ? options.split(',').includes('discard')
      : null
  if (fileSystem !== 'ext4' || !source.startsWith('/dev/'))
    return {
      dir,
      fileSystem: fileSystem || 'unknown',
      source: source || 'unknown',
      journal: null,
      discard,
    }
  const task = journalTask(basename(source))?.trim()
  const journal = task === undefined ? null : task !== '<none>'
  return { dir, fileSystem, source, journal, discard }
}

/** The facts for `dir` (default: the temporary directory Miniflare uses) on this machine. */
export function storageFacts(dir = tmpdir()): StorageFacts {
  const run = (): string | undefined => {
    try {
      return execFileSync('findmnt', ['-no', 'FSTYPE,SOURCE,OPTIONS', '--target', dir], {
        encoding: 'utf8',
      })
    } catch {
      return undefined
    }
  }
  return parseStorage(dir, run(), (device) => {
    try {
      return readFileSync(`/sys/fs/ext4/${device}/journal_task`, 'utf8')
    } catch {
      return undefined
    }
  })
}

/** One line for results.md: `/tmp: ext4 on /dev/vda, without a journal, with online discard`. */
export function describeStorage(s: StorageFacts): string {
  const journal = s.journal === null ? '' : s.journal ? ', with a journal' : ', without a journal'
  // Results recorded before the field existed have no `discard`: say nothing of it.
  const discard =
    s.discard == null ? '' : s.discard ? ', with online discard' : ', without online discard'
  const on =
    s.fileSystem === 'tmpfs' ? ' (memory)' : s.source === 'unknown' ? '' : ` on ${s.source}`
  return `${s.dir}: ${s.fileSystem}${on}${journal}${discard}`
}
