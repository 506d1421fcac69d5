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
    expect(s).toEqual({ dir: '/tmp', fileSystem: 'ext4', source: '/dev/vda', journal: false })
    expect(describeStorage(s)).toBe('/tmp: ext4 on /dev/vda, without a journal')
  })

  it('reads an ext4 with a journal from its journal thread id', () => {
    const s = parseStorage('/mnt/j/tmp', 'ext4 /dev/loop0', () => '7012\n')
    expect(s.journal).toBe(true)
    expect(describeStorage(s)).toBe('/mnt/j/tmp: ext4 on /dev/loop0, with a journal')
  })

  it('says nothing of a journal it cannot read, nor of other file systems', () => {
    expect(parseStorage('/tmp', 'ext4 /dev/sda1', () => undefined).journal).toBeNull()
    const shm = parseStorage('/dev/shm', 'tmpfs  tmpfs', () => '<none>')
    expect(shm).toEqual({ dir: '/dev/shm', fileSystem: 'tmpfs', source: 'tmpfs', journal: null })
    expect(describeStorage(shm)).toBe('/dev/shm: tmpfs (memory)')
  })

  it('is unknown when findmnt could not tell', () => {
    const s = parseStorage('/x', undefined, () => '<none>')
    expect(s).toEqual({ dir: '/x', fileSystem: 'unknown', source: 'unknown', journal: null })
    expect(describeStorage(s)).toBe('/x: unknown')
  })
})
