// File tools (touch, rm, rmdir, mkdir, cp, mv, chmod, ln, readlink, stat, dd) against the messages, formats
// and statuses of Debian 12's coreutils 9.1. Each expectation names the real command it was taken from
// (run on the host with a similar tree; users, inode numbers and dates are the simulated machine's).
import { describe, expect, it } from 'vitest';
import { newMachine, runTool } from './harness.ts';

const ROOT = { uid: 0 };

describe('touch', () => {
  it('creates files, -c does not, and sets times', async () => {
    const m = newMachine();
    expect(await runTool(['touch', 'new'], { machine: m })).toMatchObject({ stdout: '', stderr: '', status: 0 });
    expect((await runTool(['ls', '-l', 'new'], { machine: m })).stdout).toBe('-rw-r--r-- 1 student student 0 Oct  5 09:00 new\n');
    expect(await runTool(['touch', '-c', 'nosuch'], { machine: m })).toMatchObject({ stderr: '', status: 0 });
    expect((await runTool(['ls', 'nosuch'], { machine: m })).status).toBe(2);
    // touch -d @0 a.txt; touch -t 202001011200 b.txt
    await runTool(['touch', '-d', '@0', 'new'], { machine: m });
    await runTool(['touch', '-t', '202001011200', 'b'], { machine: m });
    expect((await runTool(['ls', '-l', 'new', 'b'], { machine: m })).stdout)
      .toBe('-rw-r--r-- 1 student student 0 Jan  1  2020 b\n-rw-r--r-- 1 student student 0 Jan  1  1970 new\n');
  });
  it('reports errors like coreutils', async () => {
    const m = newMachine();
    // touch (no operands)
    expect(await runTool(['touch'], { machine: m })).toMatchObject({ stderr: "touch: missing file operand\nTry 'touch --help' for more information.\n", status: 1 });
    // touch nodir/x
    expect(await runTool(['touch', 'nodir/x'], { machine: m })).toMatchObject({ stderr: "touch: cannot touch 'nodir/x': No such file or directory\n", status: 1 });
    // touch -d garbage a.txt; touch -t xx a.txt
    expect((await runTool(['touch', '-d', 'garbage', 'x'], { machine: m })).stderr).toBe('touch: invalid date format ‘garbage’\n');
    expect((await runTool(['touch', '-t', 'xx', 'x'], { machine: m })).stderr).toBe('touch: invalid date format ‘xx’\n');
  });
  it('is denied on root-owned paths for the student, and works with sudo', async () => {
    const m = newMachine();
    // setpriv --reuid=1000 touch /etc/x ; touch /etc/passwd ; touch -c /etc/passwd
    expect(await runTool(['touch', '/etc/x'], { machine: m })).toMatchObject({ stderr: "touch: cannot touch '/etc/x': Permission denied\n", status: 1 });
    expect((await runTool(['touch', '/etc/passwd'], { machine: m })).stderr).toBe("touch: cannot touch '/etc/passwd': Permission denied\n");
    expect((await runTool(['touch', '-c', '/etc/passwd'], { machine: m })).stderr).toBe("touch: setting times of '/etc/passwd': Permission denied\n");
    expect(await runTool(['sudo', 'touch', '/etc/x'], { machine: m })).toMatchObject({ stderr: '', status: 0 });
    expect((await runTool(['ls', '-l', '/etc/x'], { machine: m })).stdout).toBe('-rw-r--r-- 1 root root 0 Oct  5 09:00 /etc/x\n');
  });
});

describe('rm', () => {
  it('removes files, -v reports, -r trees', async () => {
    const m = newMachine({ files: { 'a.txt': 'x', 'd/f': 'y', 'd/e/g': 'z' } });
    // rm -v a.txt
    expect(await runTool(['rm', '-v', 'a.txt'], { machine: m })).toMatchObject({ stdout: "removed 'a.txt'\n", status: 0 });
    // rm -rv d
    expect((await runTool(['rm', '-rv', 'd'], { machine: m })).stdout)
      .toBe("removed 'd/f'\nremoved 'd/e/g'\nremoved directory 'd/e'\nremoved directory 'd'\n");
    expect((await runTool(['ls'], { machine: m })).stdout).toBe('');
  });
  it('errors and refusals', async () => {
    const m = newMachine({ files: { 'd/f': 'y' } });
    // rm ; rm nosuch ; rm -f nosuch ; rm d ; rm -d d
    expect(await runTool(['rm'], { machine: m })).toMatchObject({ stderr: "rm: missing operand\nTry 'rm --help' for more information.\n", status: 1 });
    expect(await runTool(['rm', 'nosuch'], { machine: m })).toMatchObject({ stderr: "rm: cannot remove 'nosuch': No such file or directory\n", status: 1 });
    expect(await runTool(['rm', '-f', 'nosuch'], { machine: m })).toMatchObject({ stderr: '', status: 0 });
    expect(await runTool(['rm', '-f'], { machine: m })).toMatchObject({ stderr: '', status: 0 });
    expect(await runTool(['rm', 'd'], { machine: m })).toMatchObject({ stderr: "rm: cannot remove 'd': Is a directory\n", status: 1 });
    expect(await runTool(['rm', '-d', 'd'], { machine: m })).toMatchObject({ stderr: "rm: cannot remove 'd': Directory not empty\n", status: 1 });
    // rm -rf / ; rm -r . ; rm -r d/..
    expect(await runTool(['rm', '-rf', '/'], { machine: m })).toMatchObject({
      stderr: "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n", status: 1,
    });
    expect((await runTool(['rm', '-r', '.'], { machine: m })).stderr).toBe("rm: refusing to remove '.' or '..' directory: skipping '.'\n");
    expect((await runTool(['rm', '-r', 'd/..'], { machine: m })).stderr).toBe("rm: refusing to remove '.' or '..' directory: skipping 'd/..'\n");
    // setpriv --reuid=1000 rm /etc/passwd
    expect(await runTool(['rm', '/etc/passwd'], { machine: m })).toMatchObject({ stderr: "rm: cannot remove '/etc/passwd': Permission denied\n", status: 1 });
  });
});

describe('rmdir', () => {
  it('-p and -v', async () => {
    const m = newMachine({ files: { 'f/g/h/.keep': '' } });
    await runTool(['rm', 'f/g/h/.keep'], { machine: m });
    // rmdir -pv f/g/h
    expect(await runTool(['rmdir', '-pv', 'f/g/h'], { machine: m })).toMatchObject({
      stdout: "rmdir: removing directory, 'f/g/h'\nrmdir: removing directory, 'f/g'\nrmdir: removing directory, 'f'\n", status: 0,
    });
  });
  it('errors', async () => {
    const m = newMachine({ files: { 'd/f': '', 'a.txt': '' } });
    // rmdir d ; rmdir nosuch ; rmdir a.txt ; rmdir (none)
    expect(await runTool(['rmdir', 'd'], { machine: m })).toMatchObject({ stderr: "rmdir: failed to remove 'd': Directory not empty\n", status: 1 });
    expect((await runTool(['rmdir', 'nosuch'], { machine: m })).stderr).toBe("rmdir: failed to remove 'nosuch': No such file or directory\n");
    expect((await runTool(['rmdir', 'a.txt'], { machine: m })).stderr).toBe("rmdir: failed to remove 'a.txt': Not a directory\n");
    expect((await runTool(['rmdir'], { machine: m })).stderr).toBe("rmdir: missing operand\nTry 'rmdir --help' for more information.\n");
    expect(await runTool(['rmdir', '--ignore-fail-on-non-empty', 'd'], { machine: m })).toMatchObject({ stderr: '', status: 0 });
  });
});

describe('mkdir', () => {
  it('-p, -v, -m', async () => {
    const m = newMachine();
    // mkdir -v e ; mkdir -pv f/g/h ; mkdir -m 700 -v q
    expect((await runTool(['mkdir', '-v', 'e'], { machine: m })).stdout).toBe("mkdir: created directory 'e'\n");
    expect((await runTool(['mkdir', '-pv', 'f/g/h'], { machine: m })).stdout)
      .toBe("mkdir: created directory 'f'\nmkdir: created directory 'f/g'\nmkdir: created directory 'f/g/h'\n");
    expect(await runTool(['mkdir', '-p', 'f/g'], { machine: m })).toMatchObject({ stdout: '', stderr: '', status: 0 });
    await runTool(['mkdir', '-m', '700', 'q'], { machine: m });
    await runTool(['mkdir', '-m', '777', 'w'], { machine: m });
    // mkdir -pm 700 n1/n2: the parent gets the default mode
    await runTool(['mkdir', '-pm', '700', 'n1/n2'], { machine: m });
    expect((await runTool(['stat', '-c', '%A %n', 'e', 'q', 'w', 'n1', 'n1/n2'], { machine: m })).stdout)
      .toBe('drwxr-xr-x e\ndrwx------ q\ndrwxrwxrwx w\ndrwxr-xr-x n1\ndrwx------ n1/n2\n');
  });
  it('errors use curly quotes', async () => {
    const m = newMachine({ files: { 'a.txt': '', 'd/f': '' } });
    // mkdir d ; mkdir a.txt/x ; mkdir -p a.txt/x ; mkdir -p a.txt ; mkdir -m zz r ; mkdir /etc/x (student)
    expect(await runTool(['mkdir', 'd'], { machine: m })).toMatchObject({ stderr: 'mkdir: cannot create directory ‘d’: File exists\n', status: 1 });
    expect((await runTool(['mkdir', 'a.txt/x'], { machine: m })).stderr).toBe('mkdir: cannot create directory ‘a.txt/x’: Not a directory\n');
    expect((await runTool(['mkdir', '-p', 'a.txt/x'], { machine: m })).stderr).toBe('mkdir: cannot create directory ‘a.txt’: Not a directory\n');
    expect((await runTool(['mkdir', '-p', 'a.txt'], { machine: m })).stderr).toBe('mkdir: cannot create directory ‘a.txt’: File exists\n');
    expect((await runTool(['mkdir', '-m', 'zz', 'r'], { machine: m })).stderr).toBe('mkdir: invalid mode ‘zz’\n');
    expect((await runTool(['mkdir', '/etc/x'], { machine: m })).stderr).toBe('mkdir: cannot create directory ‘/etc/x’: Permission denied\n');
    expect((await runTool(['mkdir', ''], { machine: m })).stderr).toBe('mkdir: cannot create directory ‘’: No such file or directory\n');
    expect((await runTool(['mkdir'], { machine: m })).stderr).toBe("mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
  });
});

describe('cp', () => {
  it('copies files, into directories, recursively', async () => {
    const m = newMachine({ files: { 'a.txt': 'hello\n', 'd/f': 'x', 'd/sub/g': 'y', 'e/.keep': '' } });
    // cp -v a.txt b.txt ; cp -rv d d3 ; cp -t e a.txt
    expect((await runTool(['cp', '-v', 'a.txt', 'b.txt'], { machine: m })).stdout).toBe("'a.txt' -> 'b.txt'\n");
    expect((await runTool(['cat', 'b.txt'], { machine: m })).stdout).toBe('hello\n');
    expect((await runTool(['cp', '-rv', 'd', 'd3'], { machine: m })).stdout).toBe("'d' -> 'd3'\n'd/f' -> 'd3/f'\n'd/sub' -> 'd3/sub'\n'd/sub/g' -> 'd3/sub/g'\n");
    expect(await runTool(['cp', 'a.txt', 'e'], { machine: m })).toMatchObject({ stderr: '', status: 0 });
    expect((await runTool(['ls', '-A', 'e'], { machine: m })).stdout).toBe('.keep\na.txt\n');
    expect((await runTool(['cp', '-v', 'a.txt', 'b.txt', 'e'], { machine: m })).stdout).toBe("'a.txt' -> 'e/a.txt'\n'b.txt' -> 'e/b.txt'\n");
  });
  it('-p keeps mode and times; a new copy gets the mode less the umask', async () => {
    const m = newMachine({ files: { 'run.sh': '#!/bin/sh\n' } });
    await runTool(['touch', '-d', '@0', 'run.sh'], { machine: m });
    await runTool(['cp', 'run.sh', 'plain'], { machine: m });
    await runTool(['cp', '-p', 'run.sh', 'kept'], { machine: m });
    expect((await runTool(['ls', '-l', 'plain', 'kept'], { machine: m })).stdout)
      .toBe('-rwxr-xr-x 1 student student 10 Jan  1  1970 kept\n-rwxr-xr-x 1 student student 10 Oct  5 09:00 plain\n');
  });
  it('errors', async () => {
    const m = newMachine({ files: { 'a.txt': 'x', 'd/f': '' } });
    // cp d e ; cp nosuch x ; cp a.txt a.txt ; cp a.txt nodir/ ; cp a.txt b c ; cp ; cp a ; cp -r d d/sub
    expect(await runTool(['cp', 'd', 'e'], { machine: m })).toMatchObject({ stderr: "cp: -r not specified; omitting directory 'd'\n", status: 1 });
    expect((await runTool(['cp', 'nosuch', 'x'], { machine: m })).stderr).toBe("cp: cannot stat 'nosuch': No such file or directory\n");
    expect((await runTool(['cp', 'a.txt', 'a.txt'], { machine: m })).stderr).toBe("cp: 'a.txt' and 'a.txt' are the same file\n");
    expect((await runTool(['cp', 'a.txt', 'nodir/'], { machine: m })).stderr).toBe("cp: cannot create regular file 'nodir/': Not a directory\n");
    expect((await runTool(['cp', 'a.txt', 'b', 'c'], { machine: m })).stderr).toBe("cp: target 'c': No such file or directory\n");
    expect((await runTool(['cp'], { machine: m })).stderr).toBe("cp: missing file operand\nTry 'cp --help' for more information.\n");
    expect((await runTool(['cp', 'a.txt'], { machine: m })).stderr).toBe("cp: missing destination file operand after 'a.txt'\nTry 'cp --help' for more information.\n");
    expect((await runTool(['cp', '-r', 'd', 'd/sub'], { machine: m })).stderr).toBe("cp: cannot copy a directory, 'd', into itself, 'd/sub'\n");
    // setpriv --reuid=1000 cp a.txt /etc/
    expect((await runTool(['cp', 'a.txt', '/etc/'], { machine: m })).stderr).toBe("cp: cannot create regular file '/etc/a.txt': Permission denied\n");
    await runTool(['chmod', '000', 'a.txt'], { machine: m });
    expect((await runTool(['cp', 'a.txt', 'zz'], { machine: m })).stderr).toBe("cp: cannot open 'a.txt' for reading: Permission denied\n");
  });
});

describe('mv', () => {
  it('renames and moves into directories', async () => {
    const m = newMachine({ files: { 'b.txt': 'x', 'e/a': 'y' } });
    // mv -v b.txt c.txt ; mv -v e/a . ; mv -v c.txt e/
    expect((await runTool(['mv', '-v', 'b.txt', 'c.txt'], { machine: m })).stdout).toBe("renamed 'b.txt' -> 'c.txt'\n");
    expect((await runTool(['mv', '-v', 'e/a', '.'], { machine: m })).stdout).toBe("renamed 'e/a' -> './a'\n");
    expect((await runTool(['mv', '-v', 'c.txt', 'e/'], { machine: m })).stdout).toBe("renamed 'c.txt' -> 'e/c.txt'\n");
    expect((await runTool(['ls', '-R'], { machine: m })).stdout).toBe('.:\na\ne\n\n./e:\nc.txt\n');
  });
  it('errors', async () => {
    const m = newMachine({ files: { 'a': 'x', 'b': 'y', 'd/.keep': '', 'x/d/f': '' } });
    // mv nosuch x ; mv a a ; mv d d/sub ; mv d x (x/d not empty) ; mv -n a b ; mv e /etc/ (student)
    expect(await runTool(['mv', 'nosuch', 'x'], { machine: m })).toMatchObject({ stderr: "mv: cannot stat 'nosuch': No such file or directory\n", status: 1 });
    expect((await runTool(['mv', 'a', 'a'], { machine: m })).stderr).toBe("mv: 'a' and 'a' are the same file\n");
    expect((await runTool(['mv', 'd', 'd/sub'], { machine: m })).stderr).toBe("mv: cannot move 'd' to a subdirectory of itself, 'd/sub'\n");
    expect((await runTool(['mv', 'd', 'x'], { machine: m })).stderr).toBe("mv: cannot move 'd' to 'x/d': Directory not empty\n");
    expect(await runTool(['mv', '-n', 'a', 'b'], { machine: m })).toMatchObject({ stderr: '', status: 0 });
    expect((await runTool(['cat', 'b'], { machine: m })).stdout).toBe('y');
    expect((await runTool(['mv', 'd', '/etc/'], { machine: m })).stderr).toBe("mv: cannot move 'd' to '/etc/d': Permission denied\n");
    expect((await runTool(['mv', 'a'], { machine: m })).stderr).toBe("mv: missing destination file operand after 'a'\nTry 'mv --help' for more information.\n");
    expect((await runTool(['mv', 'a', 'b', 'z'], { machine: m })).stderr).toBe("mv: target 'z': No such file or directory\n");
  });
});

describe('chmod', () => {
  it('octal and symbolic modes, -v and -c', async () => {
    const m = newMachine({ files: { 'a.txt': '' } });
    // chmod -v 600 a.txt (twice) ; chmod -c 644 a.txt ; chmod -v +x a.txt ; chmod -v u+s,g+s,o+t a.txt
    const v = async (...args: string[]) => (await runTool(['chmod', ...args], { machine: m })).stdout;
    expect(await v('-v', '600', 'a.txt')).toBe("mode of 'a.txt' changed from 0644 (rw-r--r--) to 0600 (rw-------)\n");
    expect(await v('-v', '600', 'a.txt')).toBe("mode of 'a.txt' retained as 0600 (rw-------)\n");
    expect(await v('-c', '600', 'a.txt')).toBe('');
    expect(await v('-c', '644', 'a.txt')).toBe("mode of 'a.txt' changed from 0600 (rw-------) to 0644 (rw-r--r--)\n");
    expect(await v('-v', '+x', 'a.txt')).toBe("mode of 'a.txt' changed from 0644 (rw-r--r--) to 0755 (rwxr-xr-x)\n");
    expect(await v('-v', 'u+s,g+s,o+t', 'a.txt')).toBe("mode of 'a.txt' changed from 0755 (rwxr-xr-x) to 7755 (rwsr-sr-t)\n");
    expect(await v('-v', '-w', 'a.txt')).toBe("mode of 'a.txt' changed from 7755 (rwsr-sr-t) to 7555 (r-sr-sr-t)\n");
    expect(await v('-v', 'go=', 'a.txt')).toBe("mode of 'a.txt' changed from 7555 (r-sr-sr-t) to 4500 (r-s------)\n");
    expect((await runTool(['ls', '-l', 'a.txt'], { machine: m })).stdout).toBe('-r-s------ 1 student student 0 Oct  5 09:00 a.txt\n');
  });
  it('-R leaves symbolic links alone', async () => {
    const m = newMachine({ files: { 'd/f': '' } });
    await runTool(['ln', '-s', '../x', 'd/l'], { machine: m });
    // chmod -R -v 700 d
    expect((await runTool(['chmod', '-R', '-v', '700', 'd'], { machine: m })).stdout).toBe(
      "mode of 'd' changed from 0755 (rwxr-xr-x) to 0700 (rwx------)\nmode of 'd/f' changed from 0644 (rw-r--r--) to 0700 (rwx------)\nneither symbolic link 'd/l' nor referent has been changed\n");
  });
  it('errors', async () => {
    const m = newMachine({ files: { 'w': '' } });
    // chmod 644 nosuch ; chmod zz a ; chmod ; chmod 644 ; chmod 777 /etc/passwd (student) ; umask 022; chmod 666 w; chmod -w w
    expect(await runTool(['chmod', '644', 'nosuch'], { machine: m })).toMatchObject({ stderr: "chmod: cannot access 'nosuch': No such file or directory\n", status: 1 });
    expect((await runTool(['chmod', 'zz', 'w'], { machine: m })).stderr).toBe("chmod: invalid mode: ‘zz’\nTry 'chmod --help' for more information.\n");
    expect((await runTool(['chmod'], { machine: m })).stderr).toBe("chmod: missing operand\nTry 'chmod --help' for more information.\n");
    expect((await runTool(['chmod', '644'], { machine: m })).stderr).toBe("chmod: missing operand after ‘644’\nTry 'chmod --help' for more information.\n");
    expect(await runTool(['chmod', '777', '/etc/passwd'], { machine: m })).toMatchObject({ stderr: "chmod: changing permissions of '/etc/passwd': Operation not permitted\n", status: 1 });
    expect(await runTool(['chmod', '-f', '600', 'nosuch'], { machine: m })).toMatchObject({ stderr: '', status: 1 });
    await runTool(['chmod', '666', 'w'], { machine: m });
    expect(await runTool(['chmod', '-w', 'w'], { machine: m })).toMatchObject({ stderr: 'chmod: w: new permissions are r--rw-rw-, not r--r--r--\n', status: 1 });
    expect(await runTool(['sudo', 'chmod', '600', '/etc/passwd'], { machine: m })).toMatchObject({ status: 0 });
    expect((await runTool(['cat', '/etc/passwd'], { machine: m })).stderr).toBe('cat: /etc/passwd: Permission denied\n');
  });
});

describe('ln and readlink', () => {
  it('symbolic and hard links', async () => {
    const m = newMachine({ files: { 'a.txt': 'hello\n', 'd/.keep': '' } });
    // ln -sv a.txt l2 ; ln -v a.txt h ; ln -s a.txt d (into the directory)
    expect((await runTool(['ln', '-sv', 'a.txt', 'l2'], { machine: m })).stdout).toBe("'l2' -> 'a.txt'\n");
    expect((await runTool(['ln', '-v', 'a.txt', 'h'], { machine: m })).stdout).toBe("'h' => 'a.txt'\n");
    expect((await runTool(['ln', '-s', '../a.txt', 'd'], { machine: m })).status).toBe(0);
    expect((await runTool(['ls', '-l'], { machine: m })).stdout).toBe([
      'total 12', // ext4 fast symlinks take no blocks (this host's filesystem gave them 4K)
      '-rw-r--r-- 2 student student    6 Oct  5 09:00 a.txt',
      'drwxr-xr-x 2 student student 4096 Oct  5 09:00 d',
      '-rw-r--r-- 2 student student    6 Oct  5 09:00 h',
      'lrwxrwxrwx 1 student student    5 Oct  5 09:00 l2 -> a.txt', ''].join('\n'));
    expect((await runTool(['cat', 'd/a.txt', 'h'], { machine: m })).stdout).toBe('hello\nhello\n');
    await runTool(['rm', 'a.txt'], { machine: m });
    expect((await runTool(['stat', '-c', '%h %s', 'h'], { machine: m })).stdout).toBe('1 6\n');
  });
  it('errors', async () => {
    const m = newMachine({ files: { 'a.txt': '', 'd/.keep': '' } });
    await runTool(['ln', '-s', 'a.txt', 'l'], { machine: m });
    // ln -s a.txt l ; ln nosuch x ; ln d dd ; ln -s a.txt b.txt c ; ln ; ln a.txt a.txt ; ln /etc/passwd pw (student)
    expect(await runTool(['ln', '-s', 'a.txt', 'l'], { machine: m })).toMatchObject({ stderr: "ln: failed to create symbolic link 'l': File exists\n", status: 1 });
    expect((await runTool(['ln', '-sf', 'd', 'l'], { machine: m })).status).toBe(0);
    expect((await runTool(['readlink', 'l'], { machine: m })).stdout).toBe('d\n');
    expect((await runTool(['ln', 'nosuch', 'x'], { machine: m })).stderr).toBe("ln: failed to access 'nosuch': No such file or directory\n");
    expect((await runTool(['ln', 'd', 'dd'], { machine: m })).stderr).toBe('ln: d: hard link not allowed for directory\n');
    expect((await runTool(['ln', '-s', 'a.txt', 'b.txt', 'c'], { machine: m })).stderr).toBe("ln: target 'c': No such file or directory\n");
    expect((await runTool(['ln'], { machine: m })).stderr).toBe("ln: missing file operand\nTry 'ln --help' for more information.\n");
    expect((await runTool(['ln', 'a.txt'], { machine: m })).stderr).toBe("ln: failed to create hard link './a.txt': File exists\n");
    expect((await runTool(['ln', '/etc/passwd', 'pw'], { machine: m })).stderr).toBe("ln: failed to create hard link 'pw' => '/etc/passwd': Operation not permitted\n");
    expect((await runTool(['ln', '-s', 'a.txt', '/etc/zz'], { machine: m })).stderr).toBe("ln: failed to create symbolic link '/etc/zz': Permission denied\n");
  });
  it('readlink -f / -e / -m', async () => {
    const m = newMachine({ files: { 'a.txt': '', 'd/.keep': '' } });
    await runTool(['ln', '-s', 'a.txt', 'l'], { machine: m });
    await runTool(['ln', '-s', 'nosuch', 'dangling'], { machine: m });
    const rl = (...a: string[]) => runTool(['readlink', ...a], { machine: m });
    // readlink l ; readlink a.txt ; readlink -f l ; readlink -f nosuch ; readlink -f nosuch/x ; readlink -e nosuch ; readlink -f d/../a.txt
    expect(await rl('l')).toMatchObject({ stdout: 'a.txt\n', status: 0 });
    expect(await rl('a.txt')).toMatchObject({ stdout: '', stderr: '', status: 1 });
    expect(await rl('-f', 'l')).toMatchObject({ stdout: '/home/student/a.txt\n', status: 0 });
    expect(await rl('-f', 'nosuch')).toMatchObject({ stdout: '/home/student/nosuch\n', status: 0 });
    expect(await rl('-f', 'nosuch/x')).toMatchObject({ stdout: '', status: 1 });
    expect(await rl('-e', 'nosuch')).toMatchObject({ stdout: '', status: 1 });
    expect(await rl('-e', 'dangling')).toMatchObject({ stdout: '', status: 1 });
    expect(await rl('-f', 'dangling')).toMatchObject({ stdout: '/home/student/nosuch\n', status: 0 });
    expect(await rl('-m', 'nosuch/x/../y')).toMatchObject({ stdout: '/home/student/nosuch/y\n', status: 0 });
    expect(await rl('-f', 'd/../a.txt')).toMatchObject({ stdout: '/home/student/a.txt\n' });
    expect(await rl('-v', 'a.txt')).toMatchObject({ stderr: 'readlink: a.txt: Invalid argument\n', status: 1 });
    expect(await rl()).toMatchObject({ stderr: "readlink: missing operand\nTry 'readlink --help' for more information.\n", status: 1 });
  });
});

describe('stat', () => {
  it('default format', async () => {
    const m = newMachine({ files: { 'a.txt': 'hello\n' } });
    const ino = (await runTool(['stat', '-c', '%i', 'a.txt'], { machine: m })).stdout.trim();
    // stat a.txt (coreutils 9.1)
    expect((await runTool(['stat', 'a.txt'], { machine: m })).stdout).toBe(
      `  File: a.txt\n  Size: 6         \tBlocks: 8          IO Block: 4096   regular file\nDevice: 8,3\tInode: ${ino.padEnd(11)} Links: 1\n` +
      'Access: (0644/-rw-r--r--)  Uid: ( 1000/ student)   Gid: ( 1000/ student)\n' +
      'Access: 2026-10-05 09:00:01.000000000 +0000\nModify: 2026-10-05 09:00:01.000000000 +0000\nChange: 2026-10-05 09:00:01.000000000 +0000\n Birth: -\n');
    // stat /dev/null: a device has "Device type"
    const dn = (await runTool(['stat', '/dev/null'], { machine: m })).stdout.split('\n');
    expect(dn[1]).toBe('  Size: 0         \tBlocks: 0          IO Block: 4096   character special file');
    expect(dn[2]).toMatch(/^Device: 0,5\tInode: \d+ +Links: 1     Device type: 1,3$/);
    expect(dn[3]).toBe('Access: (0666/crw-rw-rw-)  Uid: (    0/    root)   Gid: (    0/    root)');
  });
  it('-c and --printf directives', async () => {
    const m = newMachine({ files: { 'a.txt': 'hello\n', 'c d': '' } });
    await runTool(['ln', '-s', 'a.txt', 'l'], { machine: m });
    const st = (...a: string[]) => runTool(['stat', ...a], { machine: m });
    // stat -c '%n %s %a %A %U %G %u %g %F %y %Y' ...
    expect((await st('-c', '%n %s %a %A %U %G %u %g %F %y %Y', 'a.txt', 'l', '.')).stdout).toBe(
      'a.txt 6 644 -rw-r--r-- student student 1000 1000 regular file 2026-10-05 09:00:01.000000000 +0000 1791190801\n' +
      'l 5 777 lrwxrwxrwx student student 1000 1000 symbolic link 2026-10-05 09:00:01.000128662 +0000 1791190801\n' +
      '. 4096 755 drwxr-xr-x student student 1000 1000 directory 2026-10-05 09:00:01.000128662 +0000 1791190801\n');
    // (ln ran for 128.662 µs of modelled time first: virtual time advances by the work done, kernel/cost.ts)
    // stat -c '[%5s][%-5s][%05s][%#a][%.3Y][%w][%W]' ; stat -c '%N' l 'c d' ; stat --printf='%n\t%s\n'
    expect((await st('-c', '[%5s][%-5s][%05s][%#a][%.3Y][%w][%W][%B][%o]', 'a.txt')).stdout).toBe('[    6][6    ][00006][0644][1791190801.000][-][0][512][4096]\n');
    expect((await st('-c', '%N', 'l', 'c d')).stdout).toBe("'l' -> 'a.txt'\n'c d'\n");
    expect((await st('--printf=%n\\t%s\\n', 'a.txt')).stdout).toBe('a.txt\t6\n');
    expect((await st('-L', '-c', '%F', 'l')).stdout).toBe('regular file\n');
    expect((await st('-c', '%F', 'c d')).stdout).toBe('regular empty file\n');
    // stat 'l 2' shows "File: l -> a.txt" unquoted in the default format
    expect((await st('l')).stdout.split('\n')[0]).toBe('  File: l -> a.txt');
  });
  it('errors', async () => {
    const m = newMachine();
    // stat nosuch ; stat ; stat -c '%-' a
    expect(await runTool(['stat', 'nosuch'], { machine: m })).toMatchObject({ stderr: "stat: cannot statx 'nosuch': No such file or directory\n", status: 1 });
    expect((await runTool(['stat'], { machine: m })).stderr).toBe("stat: missing operand\nTry 'stat --help' for more information.\n");
    expect(await runTool(['stat', '-c', '%-', '.'], { machine: m })).toMatchObject({ stderr: 'stat: ‘%-’: invalid directive\n', status: 1 });
  });
});

/** dd's statistics with its transfer time and rate as the cost model makes them (kernel/cost.ts): any positive time. */
const xfer = (text: string) => new RegExp('^' + text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  .replace('0 s, Infinity B/s', '[0-9.e+-]+ s, ([0-9.]+ [kMGT]?B|Infinity B)/s') + '$');

describe('dd', () => {
  it('copies with bs/count and reports in GNU format (the time is the cost model\'s)', async () => {
    const m = newMachine();
    // dd if=/dev/zero of=z bs=1M count=2
    expect(await runTool(['dd', 'if=/dev/zero', 'of=z', 'bs=1M', 'count=2'], { machine: m })).toMatchObject({
      stdout: '', stderr: expect.stringMatching(xfer('2+0 records in\n2+0 records out\n2097152 bytes (2.1 MB, 2.0 MiB) copied, 0 s, Infinity B/s\n')), status: 0,
    });
    expect((await runTool(['stat', '-c', '%s', 'z'], { machine: m })).stdout).toBe('2097152\n');
    // dd if=/dev/zero of=/dev/null bs=1k count=1000 ; bs=1 count=1 ; bs=1000 count=1 ; ibs=3 obs=5 count=4 ; count=0
    expect((await runTool(['dd', 'if=/dev/urandom', 'of=/dev/null', 'bs=1k', 'count=1000'], { machine: m })).stderr)
      .toMatch(xfer('1000+0 records in\n1000+0 records out\n1024000 bytes (1.0 MB, 1000 KiB) copied, 0 s, Infinity B/s\n'));
    expect((await runTool(['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=1'], { machine: m })).stderr).toMatch(xfer('1+0 records in\n1+0 records out\n1 byte copied, 0 s, Infinity B/s\n'));
    expect((await runTool(['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1000', 'count=1'], { machine: m })).stderr).toMatch(xfer('1+0 records in\n1+0 records out\n1000 bytes (1.0 kB) copied, 0 s, Infinity B/s\n'));
    expect((await runTool(['dd', 'if=/dev/zero', 'of=/dev/null', 'ibs=3', 'obs=5', 'count=4'], { machine: m })).stderr).toMatch(xfer('4+0 records in\n2+1 records out\n12 bytes copied, 0 s, Infinity B/s\n'));
    expect((await runTool(['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=2x3', 'count=1', 'status=noxfer'], { machine: m })).stderr).toBe('1+0 records in\n1+0 records out\n');
    expect((await runTool(['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=3b', 'count=1', 'status=none'], { machine: m })).stderr).toBe('');
    expect((await runTool(['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1kB', 'count=1'], { machine: m })).stderr).toMatch(xfer('1+0 records in\n1+0 records out\n1000 bytes (1.0 kB) copied, 0 s, Infinity B/s\n'));
  });
  it('skip, seek, conv=notrunc and stdin/stdout', async () => {
    const m = newMachine({ files: { 'a.txt': 'hello\n', 's.txt': 'abcdefgh' } });
    // echo hello | dd bs=2  → "3+0 records in"
    expect(await runTool(['dd', 'bs=2'], { machine: m, stdin: 'hello\n' })).toMatchObject({ stdout: 'hello\n', stderr: expect.stringMatching(xfer('3+0 records in\n3+0 records out\n6 bytes copied, 0 s, Infinity B/s\n')) });
    // dd if=a.txt bs=1 count=3 skip=2
    expect((await runTool(['dd', 'if=a.txt', 'bs=1', 'count=3', 'skip=2', 'status=none'], { machine: m })).stdout).toBe('llo');
    await runTool(['dd', 'if=a.txt', 'of=s.txt', 'bs=1', 'seek=2', 'count=2', 'conv=notrunc,ucase', 'status=none'], { machine: m });
    expect((await runTool(['cat', 's.txt'], { machine: m })).stdout).toBe('abHEefgh');
    await runTool(['dd', 'if=a.txt', 'of=s.txt', 'bs=2', 'seek=1', 'count=1', 'status=none'], { machine: m });
    expect((await runTool(['cat', 's.txt'], { machine: m })).stdout).toBe('abhe');
  });
  it('errors', async () => {
    const m = newMachine({ files: { 'd/.keep': '' } });
    const dd = (...a: string[]) => runTool(['dd', ...a], { machine: m });
    // dd if=nosuch ; dd bs=x ; dd bs=0 ; dd foo=1 ; dd conv=foo ; dd status=foo ; dd if=d ; dd of=/dev/full
    expect(await dd('if=nosuch')).toMatchObject({ stderr: "dd: failed to open 'nosuch': No such file or directory\n", status: 1 });
    expect(await dd('bs=x')).toMatchObject({ stderr: 'dd: invalid number: ‘x’\n', status: 1 });
    expect((await dd('bs=0')).stderr).toBe('dd: invalid number: ‘0’\n');
    expect((await dd('count=1x')).stderr).toBe('dd: invalid number: ‘1x’\n');
    expect(await dd('foo=1')).toMatchObject({ stderr: "dd: unrecognized operand ‘foo=1’\nTry 'dd --help' for more information.\n", status: 1 });
    expect((await dd('conv=foo')).stderr).toBe("dd: invalid conversion: ‘foo’\nTry 'dd --help' for more information.\n");
    expect((await dd('iflag=foo')).stderr).toBe("dd: invalid input flag: ‘foo’\nTry 'dd --help' for more information.\n");
    expect((await dd('status=foo')).stderr).toBe("dd: invalid status level: ‘foo’\nTry 'dd --help' for more information.\n");
    expect(await dd('if=d')).toMatchObject({ stderr: expect.stringMatching(xfer("dd: error reading 'd': Is a directory\n0+0 records in\n0+0 records out\n0 bytes copied, 0 s, Infinity B/s\n")), status: 1 });
    expect(await dd('if=/dev/zero', 'of=/dev/full', 'bs=1', 'count=1')).toMatchObject({
      stderr: expect.stringMatching(xfer("dd: error writing '/dev/full': No space left on device\n1+0 records in\n0+0 records out\n0 bytes copied, 0 s, Infinity B/s\n")), status: 1,
    });
    expect((await dd('of=/nodir/x', 'count=0')).stderr).toBe("dd: failed to open '/nodir/x': No such file or directory\n");
  });
  it('writes /proc/sys/vm/drop_caches only as root', async () => {
    const m = newMachine({ files: { three: '3\n' } });
    const levels: number[] = [];
    m.tunables.dropCaches = (l) => levels.push(l);
    // setpriv --reuid=1000 dd if=three of=/proc/sys/vm/drop_caches
    expect(await runTool(['dd', 'if=three', 'of=/proc/sys/vm/drop_caches'], { machine: m })).toMatchObject({
      stderr: "dd: failed to open '/proc/sys/vm/drop_caches': Permission denied\n", status: 1,
    });
    expect(levels).toEqual([]);
    expect((await runTool(['sudo', 'dd', 'if=three', 'of=/proc/sys/vm/drop_caches', 'status=none'], { machine: m })).status).toBe(0);
    expect((await runTool(['dd', 'if=/home/student/three', 'of=/proc/sys/vm/drop_caches', 'status=none'], { machine: m, ...ROOT })).status).toBe(0);
    expect(levels).toEqual([3, 3]);
  });
});
