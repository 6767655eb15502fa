// ls against GNU coreutils 9.1 on Debian 12: one name per line into a pipe, columns sized to the terminal
// (captured with `script -qc "stty cols N; ls OPT"` on the host for the same names), -l and its widths,
// dates, quoting, sorting, recursion, errors and exit statuses.
import { describe, expect, it } from 'vitest';
import { newMachine, runTool } from './harness.ts';
import { runOnTty } from './tools-sys-harness.ts';

/** Host captures: the same empty files listed on a terminal of `cols` columns, and with `ls -C -w cols`. */
const COLUMN_CASES: { names: string[]; cols: number; opt: string; tty: string; pipe: string }[] = [
  {"names": ["3lg8z", "8_ajY75FnCttn6kfaqDeMqG3omjMyX", "EpLLJIVGHz", "FEt", "HZEM9YpvujA-.C5Q52ryFlwRl", "Hzc0X0", "L-iA.zNyD7CHLn.xC_1hsYgBds1ghx", "MtEPO6UkzYuF0ie9Pu2njHkAm1.5wD", "OokvQyx7eNWVQ4vnakJkS1pAW", "RU", "Uq-BlIFXZ53Ncqe", "WIRh", "abM6JOF8EFd0Nhcy.1kGD2VD.eR1UY", "fHOJMaidDn87XG3", "hG", "yP U8d0FZfW", "yPiYGF-Dm7ena8D"], "cols": 60, "opt": "", "tty": " 3lg8z\n 8_ajY75FnCttn6kfaqDeMqG3omjMyX\n EpLLJIVGHz\n FEt\n HZEM9YpvujA-.C5Q52ryFlwRl\n Hzc0X0\n L-iA.zNyD7CHLn.xC_1hsYgBds1ghx\n MtEPO6UkzYuF0ie9Pu2njHkAm1.5wD\n OokvQyx7eNWVQ4vnakJkS1pAW\n RU\n Uq-BlIFXZ53Ncqe\n WIRh\n abM6JOF8EFd0Nhcy.1kGD2VD.eR1UY\n fHOJMaidDn87XG3\n hG\n'yP U8d0FZfW'\n yPiYGF-Dm7ena8D\n", "pipe": "3lg8z\n8_ajY75FnCttn6kfaqDeMqG3omjMyX\nEpLLJIVGHz\nFEt\nHZEM9YpvujA-.C5Q52ryFlwRl\nHzc0X0\nL-iA.zNyD7CHLn.xC_1hsYgBds1ghx\nMtEPO6UkzYuF0ie9Pu2njHkAm1.5wD\nOokvQyx7eNWVQ4vnakJkS1pAW\nRU\nUq-BlIFXZ53Ncqe\nWIRh\nabM6JOF8EFd0Nhcy.1kGD2VD.eR1UY\nfHOJMaidDn87XG3\nhG\nyP U8d0FZfW\nyPiYGF-Dm7ena8D\n"},
  {"names": ["6.VoD7BQgL", "8tc", "9u2", "H2UVsXxa", "K8LjfVuYqUCWv-4", "LA", "LUQCYUCz248Nt8C", "Lc", "MrW.CGp-5xaT", "OdiFRswD_r", "PMyV.nJDaNcjCX_XX5FU1KURt0Ahxk", "POaLl", "POsJk19NXTcD_a.", "TateN", "W", "YhChPeRO", "_62_Ew", "_9QAWWanWS", "bVu9WIKYY8tRD-mt0dIX", "cUbR_", "csqcFIvD8a", "eKiBUZf51pytB.7", "iZQDs3otpO", "jdco3N9rs3DU7j1", "vtf", "xggPH"], "cols": 60, "opt": "-x", "tty": "6.VoD7BQgL\t\t\t8tc\n9u2\t\t\t\tH2UVsXxa\nK8LjfVuYqUCWv-4\t\t\tLA\nLUQCYUCz248Nt8C\t\t\tLc\nMrW.CGp-5xaT\t\t\tOdiFRswD_r\nPMyV.nJDaNcjCX_XX5FU1KURt0Ahxk\tPOaLl\nPOsJk19NXTcD_a.\t\t\tTateN\nW\t\t\t\tYhChPeRO\n_62_Ew\t\t\t\t_9QAWWanWS\nbVu9WIKYY8tRD-mt0dIX\t\tcUbR_\ncsqcFIvD8a\t\t\teKiBUZf51pytB.7\niZQDs3otpO\t\t\tjdco3N9rs3DU7j1\nvtf\t\t\t\txggPH\n", "pipe": "6.VoD7BQgL\t\t\t8tc\n9u2\t\t\t\tH2UVsXxa\nK8LjfVuYqUCWv-4\t\t\tLA\nLUQCYUCz248Nt8C\t\t\tLc\nMrW.CGp-5xaT\t\t\tOdiFRswD_r\nPMyV.nJDaNcjCX_XX5FU1KURt0Ahxk\tPOaLl\nPOsJk19NXTcD_a.\t\t\tTateN\nW\t\t\t\tYhChPeRO\n_62_Ew\t\t\t\t_9QAWWanWS\nbVu9WIKYY8tRD-mt0dIX\t\tcUbR_\ncsqcFIvD8a\t\t\teKiBUZf51pytB.7\niZQDs3otpO\t\t\tjdco3N9rs3DU7j1\nvtf\t\t\t\txggPH\n"},
  {"names": ["31Ugq_DfcgaTMnT", "8Z niqT3Ul4-ffqkOkg-Wrdioyq_KvC", "AH-EOVezxZ", "AbP0VxNjAe.9i0mYtluY", "DwgLGNOaeC", "GuPJ6s", "KN 1gNT11", "PWvHo", "RsfAGe", "U", "UzYZAa3u2olZU6uqbgsYlV-vsSKuvi", "XTp", "Z", "Zz8x", "nGYVHWVsUQ", "pgyy", "w5HanS", "yfePpX6N1NF2XV5-4wca_7E56", "zMqf9OgXlu"], "cols": 80, "opt": "-F", "tty": " 31Ugq_DfcgaTMnT\t\t    UzYZAa3u2olZU6uqbgsYlV-vsSKuvi\n'8Z niqT3Ul4-ffqkOkg-Wrdioyq_KvC'   XTp\n AH-EOVezxZ\t\t\t    Z\n AbP0VxNjAe.9i0mYtluY\t\t    Zz8x\n DwgLGNOaeC\t\t\t    nGYVHWVsUQ\n GuPJ6s\t\t\t\t    pgyy\n'KN 1gNT11'\t\t\t    w5HanS\n PWvHo\t\t\t\t    yfePpX6N1NF2XV5-4wca_7E56\n RsfAGe\t\t\t\t    zMqf9OgXlu\n U\n", "pipe": "31Ugq_DfcgaTMnT\t\t\t UzYZAa3u2olZU6uqbgsYlV-vsSKuvi\n8Z niqT3Ul4-ffqkOkg-Wrdioyq_KvC  XTp\nAH-EOVezxZ\t\t\t Z\nAbP0VxNjAe.9i0mYtluY\t\t Zz8x\nDwgLGNOaeC\t\t\t nGYVHWVsUQ\nGuPJ6s\t\t\t\t pgyy\nKN 1gNT11\t\t\t w5HanS\nPWvHo\t\t\t\t yfePpX6N1NF2XV5-4wca_7E56\nRsfAGe\t\t\t\t zMqf9OgXlu\nU\n"},
  {"names": ["-OuLWoOs814SU71Y-UwVrahzO", "0dU-o17x0xo4l9TVmlxU7z9s8xAQE5", "5jv.q", "8OYe1-fXSfKx", "9jtHH_AuD7Ua", "AWxNygDBrek.", "B_L7FN", "BebE7mqleClr", "Cqfm2s", "H0", "Ibo.8", "JzpJ2LJfjA", "O3r2s", "Phk", "PwNy4Doobl5N", "RDqP4wrlE8kbfo5rIqSOgXHLN", "S7hj", "SKKv", "TE ZHrCMctIkQ", "Tin9IYP6q4KKJxodEqUcOKM.iFB-bG", "Wgzeru-cXcvCo3wb0_fB", "Yb1ZC938U.", "_DZ9B", "b_6YL3", "k2L7fYV-EH", "kBpZj7Cf6w", "lA", "la", "njFyOjfk", "oZcjGFey7YPvZ.BH.uRJjxa4L", "p", "px-nKV", "sf", "teM0qG3V5S", "tp Qlrpnf.EMoZk8", "tv", "ubOUeqzjehuyHapBTOk-8qS4o.jv.i", "uvBPpCzQdPiVUlU", "whRA.HJBB6aYtAh66abf", "xx0xkti1eK7cJiW"], "cols": 40, "opt": "-m", "tty": "-OuLWoOs814SU71Y-UwVrahzO,\n0dU-o17x0xo4l9TVmlxU7z9s8xAQE5, 5jv.q,\n8OYe1-fXSfKx, 9jtHH_AuD7Ua,\nAWxNygDBrek., B_L7FN, BebE7mqleClr,\nCqfm2s, H0, Ibo.8, JzpJ2LJfjA, O3r2s,\nPhk, PwNy4Doobl5N,\nRDqP4wrlE8kbfo5rIqSOgXHLN, S7hj, SKKv,\n'TE ZHrCMctIkQ',\nTin9IYP6q4KKJxodEqUcOKM.iFB-bG,\nWgzeru-cXcvCo3wb0_fB, Yb1ZC938U., _DZ9B,\nb_6YL3, k2L7fYV-EH, kBpZj7Cf6w, lA, la,\nnjFyOjfk, oZcjGFey7YPvZ.BH.uRJjxa4L, p,\npx-nKV, sf, teM0qG3V5S,\n'tp Qlrpnf.EMoZk8', tv,\nubOUeqzjehuyHapBTOk-8qS4o.jv.i,\nuvBPpCzQdPiVUlU, whRA.HJBB6aYtAh66abf,\nxx0xkti1eK7cJiW\n", "pipe": "-OuLWoOs814SU71Y-UwVrahzO,\n0dU-o17x0xo4l9TVmlxU7z9s8xAQE5, 5jv.q,\n8OYe1-fXSfKx, 9jtHH_AuD7Ua,\nAWxNygDBrek., B_L7FN, BebE7mqleClr,\nCqfm2s, H0, Ibo.8, JzpJ2LJfjA, O3r2s,\nPhk, PwNy4Doobl5N,\nRDqP4wrlE8kbfo5rIqSOgXHLN, S7hj, SKKv,\nTE ZHrCMctIkQ,\nTin9IYP6q4KKJxodEqUcOKM.iFB-bG,\nWgzeru-cXcvCo3wb0_fB, Yb1ZC938U., _DZ9B,\nb_6YL3, k2L7fYV-EH, kBpZj7Cf6w, lA, la,\nnjFyOjfk, oZcjGFey7YPvZ.BH.uRJjxa4L, p,\npx-nKV, sf, teM0qG3V5S,\ntp Qlrpnf.EMoZk8, tv,\nubOUeqzjehuyHapBTOk-8qS4o.jv.i,\nuvBPpCzQdPiVUlU, whRA.HJBB6aYtAh66abf,\nxx0xkti1eK7cJiW\n"},
];

describe('ls', () => {
  it('one per line into a pipe, sorted by code point, dotfiles hidden', async () => {
    const m = newMachine({ files: { 'b.txt': '', 'B.txt': '', 'a b': '', '_x': '', '10': '', '9': '', 'é': '', 'd/f': '' } });
    // ls | cat   (LANG=C.UTF-8)
    expect(await runTool(['ls'], { machine: m })).toMatchObject({ stdout: '10\n9\nB.txt\n_x\na b\nb.txt\nd\né\n', stderr: '', status: 0 });
    expect((await runTool(['ls', '-A'], { machine: m })).stdout).toBe('.bashrc\n.profile\n10\n9\nB.txt\n_x\na b\nb.txt\nd\né\n');
    expect((await runTool(['ls', '-a', 'd'], { machine: m })).stdout).toBe('.\n..\nf\n');
    expect((await runTool(['ls', '-r', 'd', '.'], { machine: m })).stdout).toBe('d:\nf\n\n.:\né\nd\nb.txt\na b\n_x\nB.txt\n9\n10\n');
  });

  it('columns on a terminal exactly as GNU lays them out', async () => {
    for (const c of COLUMN_CASES) {
      const files: Record<string, string> = {};
      for (const n of c.names) files[`t/${n}`] = '';
      const m = newMachine({ files });
      const opt = c.opt ? [c.opt] : [];
      expect((await runOnTty(['ls', ...opt], { machine: m, cols: c.cols, cwd: '/home/student/t' })).out).toBe(c.tty);
      expect((await runTool(['ls', '-C', '-w', String(c.cols), ...opt], { machine: m, cwd: '/home/student/t' })).stdout).toBe(c.pipe);
    }
  });

  it('quotes names on a terminal, with the alignment space', async () => {
    const m = newMachine({ files: { 'a b': '', c: '', "it's": '', 'nl\nx': '', 'd/.keep': '' } });
    // script -qc "stty cols 60; ls; ls -l; ls -1"
    expect((await runOnTty(['ls'], { machine: m, cols: 60 })).out).toBe(`'a b'   c   d  "it's"  'nl'$'\\n''x'\n`);
    expect((await runOnTty(['ls', '-1'], { machine: m, cols: 60 })).out).toBe(`'a b'\nc\nd\n"it's"\n'nl'$'\\n''x'\n`);
    expect((await runOnTty(['ls', '-l'], { machine: m, cols: 60 })).out).toBe([
      'total 4',
      "-rw-r--r-- 1 student student    0 Oct  5 09:00 'a b'",
      '-rw-r--r-- 1 student student    0 Oct  5 09:00  c',
      'drwxr-xr-x 2 student student 4096 Oct  5 09:00  d',
      '-rw-r--r-- 1 student student    0 Oct  5 09:00 "it\'s"',
      "-rw-r--r-- 1 student student    0 Oct  5 09:00 'nl'$'\\n''x'", ''].join('\n'));
    // ls -m on a terminal: no alignment space; into a pipe: names as they are
    expect((await runOnTty(['ls', '-m'], { machine: m, cols: 60 })).out).toBe(`'a b', c, d, "it's", 'nl'$'\\n''x'\n`);
    expect((await runTool(['ls', '-m'], { machine: m })).stdout).toBe("a b, c, d, it's, nl\nx\n");
  });

  it('-l: total, modes, links, owners, sizes, devices, dates, symlinks', async () => {
    const m = newMachine({ files: { 'a.txt': 'hello\n', 'big': 'x'.repeat(5000), 'run.sh': '#!/bin/sh\n', 'd/f': '' } });
    await runTool(['ln', '-s', 'a.txt', 'lnk'], { machine: m });
    await runTool(['ln', '-s', 'nosuch', 'dang'], { machine: m });
    await runTool(['touch', '-d', '2020-01-01', 'old'], { machine: m });
    await runTool(['touch', '-d', '2030-01-01', 'future'], { machine: m });
    await runTool(['touch', '-d', '2026-06-01', 'recent'], { machine: m });
    // ls -l (recent: within six months → time; older or in the future → year)
    expect((await runTool(['ls', '-l'], { machine: m })).stdout).toBe([
      'total 20', // a.txt 4 + big 8 + d 4 + run.sh 4; symlinks 0 as on ext4
      '-rw-r--r-- 1 student student    6 Oct  5 09:00 a.txt',
      '-rw-r--r-- 1 student student 5000 Oct  5 09:00 big',
      'drwxr-xr-x 2 student student 4096 Oct  5 09:00 d',
      'lrwxrwxrwx 1 student student    6 Oct  5 09:00 dang -> nosuch',
      '-rw-r--r-- 1 student student    0 Jan  1  2030 future',
      'lrwxrwxrwx 1 student student    5 Oct  5 09:00 lnk -> a.txt',
      '-rw-r--r-- 1 student student    0 Jan  1  2020 old',
      '-rw-r--r-- 1 student student    0 Jun  1 00:00 recent',
      '-rwxr-xr-x 1 student student   10 Oct  5 09:00 run.sh', ''].join('\n'));
    // ls -lhF
    expect((await runTool(['ls', '-lhF', 'big', 'run.sh', 'lnk', 'd'], { machine: m })).stdout).toBe([
      '-rw-r--r-- 1 student student 4.9K Oct  5 09:00 big',
      'lrwxrwxrwx 1 student student    5 Oct  5 09:00 lnk -> a.txt',
      '-rwxr-xr-x 1 student student   10 Oct  5 09:00 run.sh*',
      '',
      'd:',
      'total 0',
      '-rw-r--r-- 1 student student 0 Oct  5 09:00 f', ''].join('\n'));
    // ls -ld /tmp /root /dev/null /bin/sudo (ubuntu: /usr/bin/sudo is setuid root)
    expect((await runTool(['ls', '-ld', '/tmp', '/root', '/dev/null'], { machine: m })).stdout).toBe([
      'crw-rw-rw- 1 root root 1, 3 Oct  5 09:00 /dev/null',
      'drwx------ 2 root root 4096 Oct  5 09:00 /root',
      'drwxrwxrwt 2 root root 4096 Oct  5 09:00 /tmp', ''].join('\n'));
    expect((await runTool(['ls', '-l', '/usr/bin/sudo'], { machine: m })).stdout).toMatch(/^-rwsr-xr-x 1 root root \d+ Oct {2}5 09:00 \/usr\/bin\/sudo\n$/);
    // ls -ln: numeric ids; ls -go: no owner, no group
    expect((await runTool(['ls', '-ln', 'a.txt'], { machine: m })).stdout).toBe('-rw-r--r-- 1 1000 1000 6 Oct  5 09:00 a.txt\n');
    expect((await runTool(['ls', '-go', 'a.txt'], { machine: m })).stdout).toBe('-rw-r--r-- 1 6 Oct  5 09:00 a.txt\n');
    expect((await runTool(['ls', '-l', '--full-time', 'a.txt'], { machine: m })).stdout).toBe('-rw-r--r-- 1 student student 6 2026-10-05 09:00:01.000000000 +0000 a.txt\n');
  });

  it('sorts by time, size, and in reverse', async () => {
    const m = newMachine({ files: { a: 'xx', b: 'x', c: 'xxx' } });
    await runTool(['touch', '-d', '2026-01-01', 'c'], { machine: m });
    await runTool(['touch', '-d', '2026-02-01', 'a'], { machine: m });
    expect((await runTool(['ls', '-t'], { machine: m })).stdout).toBe('b\na\nc\n');
    expect((await runTool(['ls', '-tr'], { machine: m })).stdout).toBe('c\na\nb\n');
    expect((await runTool(['ls', '-S'], { machine: m })).stdout).toBe('c\na\nb\n');
    expect((await runTool(['ls', '-Sr'], { machine: m })).stdout).toBe('b\na\nc\n');
    expect((await runTool(['ls', '-U'], { machine: m })).stdout).toBe('a\nb\nc\n');
  });

  it('-R, -d, -i, -s, -F, -x', async () => {
    const m = newMachine({ files: { 'x/a': '', 'x/y/b': 'hello', 'x/z/.keep': '' } });
    // ls -R x
    expect((await runTool(['ls', '-R', 'x'], { machine: m })).stdout).toBe('x:\na\ny\nz\n\nx/y:\nb\n\nx/z:\n');
    expect((await runTool(['ls', '-d', 'x', 'x/y'], { machine: m })).stdout).toBe('x\nx/y\n');
    expect((await runTool(['ls', '-F', 'x'], { machine: m })).stdout).toBe('a\ny/\nz/\n');
    expect((await runTool(['ls', '-s', 'x/y'], { machine: m })).stdout).toBe('total 4\n4 b\n');
    const ino = (await runTool(['stat', '-c', '%i', 'x/y/b'], { machine: m })).stdout.trim();
    expect((await runTool(['ls', '-i', 'x/y'], { machine: m })).stdout).toBe(`${ino} b\n`);
    // ls -x -w 8 x ; ls -x -w 5 x ; ls -C -w 4 x
    expect((await runTool(['ls', '-x', '-w', '8', 'x'], { machine: m })).stdout).toBe('a  y  z\n');
    expect((await runTool(['ls', '-x', '-w', '5', 'x'], { machine: m })).stdout).toBe('a  y\nz\n');
    expect((await runTool(['ls', '-C', '-w', '4', 'x'], { machine: m })).stdout).toBe('a  z\ny\n');
  });

  it('errors: exit 2 for operands, 1 inside; files first, then directories with headers', async () => {
    const m = newMachine({ files: { 'a.txt': '', 'd/f': '' } });
    // ls nosuch ; ls nosuch a.txt d ; ls -l nosuch d
    expect(await runTool(['ls', 'nosuch'], { machine: m })).toMatchObject({ stdout: '', stderr: "ls: cannot access 'nosuch': No such file or directory\n", status: 2 });
    expect(await runTool(['ls', 'nosuch', 'a.txt', 'd'], { machine: m })).toMatchObject({
      stdout: 'a.txt\n\nd:\nf\n', stderr: "ls: cannot access 'nosuch': No such file or directory\n", status: 2,
    });
    expect((await runTool(['ls', '-l', 'nosuch', 'd'], { machine: m })).stdout).toBe('d:\ntotal 0\n-rw-r--r-- 1 student student 0 Oct  5 09:00 f\n');
    // setpriv --reuid=1000 ls /root ; ls -l /root
    expect(await runTool(['ls', '/root'], { machine: m })).toMatchObject({ stdout: '', stderr: "ls: cannot open directory '/root': Permission denied\n", status: 2 });
    expect(await runTool(['sudo', 'ls', '-a', '/root'], { machine: m })).toMatchObject({ stdout: '.\n..\n', status: 0 });
    // ls -z ; ls --foo
    expect(await runTool(['ls', '-z'], { machine: m })).toMatchObject({ stderr: "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", status: 2 });
    expect((await runTool(['ls', '--foo'], { machine: m })).stderr).toBe("ls: unrecognized option '--foo'\nTry 'ls --help' for more information.\n");
  });

  it('an unreadable entry shows question marks (directory readable but not searchable)', async () => {
    const m = newMachine({ files: { 'rd/f': '', 'rd/g': '' } });
    await runTool(['chmod', '444', 'rd'], { machine: m });
    // chmod 444 rd; ls -l rd ; ls rd
    expect(await runTool(['ls', '-l', 'rd'], { machine: m })).toMatchObject({
      stdout: 'total 0\n-????????? ? ? ? ?            ? f\n-????????? ? ? ? ?            ? g\n',
      stderr: "ls: cannot access 'rd/f': Permission denied\nls: cannot access 'rd/g': Permission denied\n", status: 1,
    });
    expect(await runTool(['ls', 'rd'], { machine: m })).toMatchObject({ stdout: 'f\ng\n', stderr: '', status: 0 });
  });

  it('--color with the built-in colors', async () => {
    const m = newMachine({ files: { 'a.txt': '', 'run.sh': '#!/bin/sh\n', 'd/.keep': '' } });
    await runTool(['ln', '-s', 'a.txt', 'lnk'], { machine: m });
    // ls -1 --color=always | cat -v  (LS_COLORS unset)
    expect((await runTool(['ls', '--color=always'], { machine: m })).stdout)
      .toBe('a.txt\n\x1b[0m\x1b[01;34md\x1b[0m\n\x1b[01;36mlnk\x1b[0m\n\x1b[01;32mrun.sh\x1b[0m\n');
    expect((await runTool(['ls', '--color=auto'], { machine: m })).stdout).toBe('a.txt\nd\nlnk\nrun.sh\n');
    // script -qc "stty cols 40; ls --color=auto": spaces, never tabs, between colored names
    expect((await runOnTty(['ls', '--color=auto', '/'], { machine: m, cols: 40 })).out).toContain('\x1b[01;34mbin\x1b[0m  ');
    expect((await runOnTty(['ls', '--color=auto', '/'], { machine: m, cols: 40 })).out).toContain('\x1b[30;42mtmp\x1b[0m');
  });
});
