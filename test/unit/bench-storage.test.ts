/**
 * @module The bench's record of where the objects' files were: the file system, and for ext4
 * whether it keeps a journal (without one, creating a file scans recently deleted inodes).
 */
import { describe, expect, it } from 'vitest'
import { describeStorage, parseStorage } from '#bench/storage'

describe('parseStorage', () => {
  it('reads an ext4 without a journal from the journal task', () => {
    const seen: string[] = []
    const s = parseStorage('/tmp', 'ext4   /dev/vda\n', (device) => {
      seen.push(device)
      return '<none>\n'
    })
    expect(seen).toEqual(['vda'])
    expect(s).toEqual({
      dir: '/tmp',
      fileSystem: 'ext4',
      source: '/dev/vda',
      journal: false,
      discard: null,
    })
    expect(describeStorage(s)).toBe('/tmp: ext4 on /dev/vda, without a journal')
  })

  it("reads online discard from the mount's options", () => {
    const options = 'rw,relatime,discard,resv_strict,resuid=65534,resgid=65534'
    const on = parseStorage('/tmp', `ext4   /dev/vda ${options}\n`, () => '<none>\n')
    expect(on.discard).toBe(true)
    expect(describeStorage(on)).toBe(
      '/tmp: ext4 on /dev/vda, without a journal, with online discard',
    )
    // `nodiscard` is an option too, and not `discard`.
    const off = parseStorage('/tmp', 'ext4 /dev/vda rw,relatime,nodiscard', () => '<none>')
    expect(off.discard).toBe(false)
    expect(describeStorage(off)).toBe(
      '/tmp: ext4 on /dev/vda, without a journal, without online discard',
    )
    expect(parseStorage('/dev/shm', 'tmpfs tmpfs rw,size=1k', () => undefined).discard).toBeNull()
  })

  it('reads an ext4 with a journal from its journal thread id', () => {
    const s = parseStorage('/mnt/j/tmp', 'ext4 /dev/loop0', () => '7012\n')
    expect(s.journal).toBe(true)
    expect(describeStorage(s)).toBe('/mnt/j/tmp: ext4 on /dev/loop0, with a journal')
  })

  it('says nothing of a journal it cannot read, nor of other file systems', () => {
    expect(parseStorage('/tmp', 'ext4 /dev/sda1', () => undefined).journal).toBeNull()
    const shm = parseStorage('/dev/shm', 'tmpfs  tmpfs', () => '<none>')
    expect(shm).toEqual({
      dir: '/dev/shm',
      fileSystem: 'tmpfs',
      source: 'tmpfs',
      journal: null,
      discard: null,
    })
    expect(describeStorage(shm)).toBe('/dev/shm: tmpfs (memory)')
  })

  it('describes results recorded before discard was', () => {
    const old = { dir: '/tmp', fileSystem: 'ext4', source: '/dev/vda', journal: false }
    expect(describeStorage(old as never)).toBe('/tmp: ext4 on /dev/vda, without a journal')
  })

  it('is unknown when findmnt could not tell', () => {
    const s = parseStorage('/x', undefined, () => '<none>')
    expect(s).toEqual({
      dir: '/x',
      fileSystem: 'unknown',
      source: 'unknown',
      journal: null,
      discard: null,
    })
    expect(describeStorage(s)).toBe('/x: unknown')
  })
})
