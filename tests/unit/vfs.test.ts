import { describe, expect, it } from 'vitest';
import { Vfs } from '../../src/sim/fs/vfs.ts';
import { SysError } from '../../src/sim/kernel/errno.ts';

const root = { uid: 0, gid: 0 };
const student = { uid: 1000, gid: 1000 };

function fresh() {
  let t = 1_000_000;
  const vfs = new Vfs(() => (t += 1000));
  vfs.ensureDir('/home/student', student);
  vfs.ensureDir('/etc');
  vfs.put('/etc/passwd', 'root:x:0:0::/root:/bin/bash\n');
  return vfs;
}
const code = (f: () => unknown) => { try { f(); return 'ok'; } catch (e) { return (e as SysError).code; } };

describe('vfs', () => {
  it('resolves absolute, relative, . and .. paths', () => {
    const v = fresh();
    expect(v.resolve('/etc/passwd', '/', root).path).toBe('/etc/passwd');
    expect(v.resolve('../../etc/./passwd', '/home/student', root).path).toBe('/etc/passwd');
    expect(v.resolve('/..', '/', root).path).toBe('/');
  });
  it('follows symlinks, relative to the link, and detects loops', () => {
    const v = fresh();
    v.putNode('/bin', v.newSymlink('usr/bin'));
    v.ensureDir('/usr/bin');
    v.put('/usr/bin/ls', 'x', 0o755);
    expect(v.resolve('/bin/ls', '/', root).path).toBe('/usr/bin/ls');
    expect(v.resolve('/bin', '/', root, false).node.kind).toBe('symlink');
    v.putNode('/loop', v.newSymlink('/loop'));
    expect(code(() => v.resolve('/loop', '/', root))).toBe('ELOOP');
  });
  it('checks permissions as Linux does: owner, group, other; root bypasses rw', () => {
    const v = fresh();
    expect(code(() => v.create('/etc/x', '/', student, 0o644))).toBe('EACCES');
    expect(code(() => v.create('/etc/x', '/', root, 0o644))).toBe('ok');
    v.ensureDir('/root').mode = 0o040700;
    v.put('/root/secret', 's');
    expect(code(() => v.resolve('/root/secret', '/', student))).toBe('EACCES');
    const f = v.create('/home/student/a', '/', student, 0o600);
    expect(v.permits(f, student, 6)).toBe(true);
    expect(v.permits(f, { uid: 1001, gid: 1000 }, 4)).toBe(false);
    expect(v.permits(f, root, 1)).toBe(false); // root needs one x bit to exec
  });
  it('creates, renames and removes with the right errors', () => {
    const v = fresh();
    v.mkdir('d', '/home/student', student);
    expect(code(() => v.mkdir('d', '/home/student', student))).toBe('EEXIST');
    v.create('d/f', '/home/student', student, 0o644);
    expect(code(() => v.rmdir('d', '/home/student', student))).toBe('ENOTEMPTY');
    expect(code(() => v.unlink('d', '/home/student', student))).toBe('EISDIR');
    v.rename('d/f', 'g', '/home/student', student);
    expect(v.list(v.resolve('/home/student', '/', student).node as never)).toEqual(['d', 'g']);
    expect(code(() => v.rename('d', 'd/sub', '/home/student', student))).toBe('EINVAL');
    v.rmdir('d', '/home/student', student);
    expect(code(() => v.resolve('/home/student/d', '/', student))).toBe('ENOENT');
  });
  it('keeps mtimes for make', () => {
    const v = fresh();
    const f = v.create('/home/student/a', '/', student, 0o644);
    const t0 = f.mtimeMs;
    v.writeAt(f, 0, new TextEncoder().encode('hi'));
    expect(f.mtimeMs).toBeGreaterThan(t0);
    expect(new TextDecoder().decode(Vfs.contents(f))).toBe('hi');
  });
  it('reads a sparse tail as zeros', () => {
    const v = fresh();
    const f = v.put('/tmp/s', 'ab');
    f.size = 5;
    expect([...Vfs.contents(f)]).toEqual([97, 98, 0, 0, 0]);
  });
});
