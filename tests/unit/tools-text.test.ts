// Text tools (head tail wc grep sed sort uniq tee diff cmp seq printf yes basename dirname): exact outputs
// captured from the real GNU tools on this Debian 12 machine (coreutils 9.1, grep 3.8, sed 4.9, diffutils 3.8)
// with LANG=C.UTF-8, in a directory holding the same files. Each case's name is the command that was run
// (stdin shown as a printf pipe); the expected stdout, stderr and exit status are what that command printed.
import { describe, expect, it } from 'vitest';
import { newMachine, runTool } from './harness.ts';

interface Case { argv: string[]; stdin?: string; files?: Record<string, string>; stdout: string; stderr: string; status: number; }

/** Files every case starts with (relative to /home/student, the working directory). */
const FIX: Record<string, string> = {
  "a.txt": "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n",
  "b.txt": "alpha\nbeta\ngamma\n",
  "nonl.txt": "x\ny",
  "empty.txt": "",
  "dir/f.txt": "in dir\n",
  "words.txt": "the quick brown fox\njumps over  the lazy dog\n\n  tabs\there\nThe End\n"
};

async function expectCase(c: Case, base: Record<string, string>) {
  const machine = newMachine({ files: { ...FIX, ...base, ...(c.files ?? {}) } });
  const r = await runTool(c.argv, { stdin: c.stdin, machine });
  expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({ stdout: c.stdout, stderr: c.stderr, status: c.status });
}

describe('head (captured from the real tools)', () => {
  const base: Record<string, string> = {};
  const cases: Case[] = [
  // head a.txt
  {"argv":["head","a.txt"],"stdout":"one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n","stderr":"","status":0},
  // head -n 3 a.txt
  {"argv":["head","-n","3","a.txt"],"stdout":"one\ntwo\nthree\n","stderr":"","status":0},
  // head -3 a.txt
  {"argv":["head","-3","a.txt"],"stdout":"one\ntwo\nthree\n","stderr":"","status":0},
  // head -n -3 a.txt
  {"argv":["head","-n","-3","a.txt"],"stdout":"one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n","stderr":"","status":0},
  // head -c 5 a.txt
  {"argv":["head","-c","5","a.txt"],"stdout":"one\nt","stderr":"","status":0},
  // head -c -5 a.txt
  {"argv":["head","-c","-5","a.txt"],"stdout":"one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntw","stderr":"","status":0},
  // head -c 2K a.txt
  {"argv":["head","-c","2K","a.txt"],"stdout":"one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n","stderr":"","status":0},
  // head a.txt b.txt
  {"argv":["head","a.txt","b.txt"],"stdout":"==> a.txt <==\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n\n==> b.txt <==\nalpha\nbeta\ngamma\n","stderr":"","status":0},
  // head -q a.txt b.txt
  {"argv":["head","-q","a.txt","b.txt"],"stdout":"one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\nalpha\nbeta\ngamma\n","stderr":"","status":0},
  // head -v b.txt
  {"argv":["head","-v","b.txt"],"stdout":"==> b.txt <==\nalpha\nbeta\ngamma\n","stderr":"","status":0},
  // head -n 1 nonl.txt
  {"argv":["head","-n","1","nonl.txt"],"stdout":"x\n","stderr":"","status":0},
  // head -n -1 nonl.txt
  {"argv":["head","-n","-1","nonl.txt"],"stdout":"x\n","stderr":"","status":0},
  // head -n 5 nonl.txt
  {"argv":["head","-n","5","nonl.txt"],"stdout":"x\ny","stderr":"","status":0},
  // head empty.txt b.txt
  {"argv":["head","empty.txt","b.txt"],"stdout":"==> empty.txt <==\n\n==> b.txt <==\nalpha\nbeta\ngamma\n","stderr":"","status":0},
  // head nope b.txt
  {"argv":["head","nope","b.txt"],"stdout":"==> b.txt <==\nalpha\nbeta\ngamma\n","stderr":"head: cannot open 'nope' for reading: No such file or directory\n","status":1},
  // head dir
  {"argv":["head","dir"],"stdout":"","stderr":"head: error reading 'dir': Is a directory\n","status":1},
  // head -n x a.txt
  {"argv":["head","-n","x","a.txt"],"stdout":"","stderr":"head: invalid number of lines: ‘x’\n","status":1},
  // head -c x a.txt
  {"argv":["head","-c","x","a.txt"],"stdout":"","stderr":"head: invalid number of bytes: ‘x’\n","status":1},
  // head -n
  {"argv":["head","-n"],"stdout":"","stderr":"head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n","status":1},
  // head -5 -3 a.txt
  {"argv":["head","-5","-3","a.txt"],"stdout":"","stderr":"head: invalid trailing option -- 3\nTry 'head --help' for more information.\n","status":1},
  // head a.txt -2
  {"argv":["head","a.txt","-2"],"stdout":"","stderr":"head: invalid trailing option -- 2\nTry 'head --help' for more information.\n","status":1},
  // head -n 2x a.txt
  {"argv":["head","-n","2x","a.txt"],"stdout":"","stderr":"head: invalid number of lines: ‘2x’\n","status":1},
  // head -n -x a.txt
  {"argv":["head","-n","-x","a.txt"],"stdout":"","stderr":"head: invalid number of lines: ‘x’\n","status":1},
  // head -3c a.txt
  {"argv":["head","-3c","a.txt"],"stdout":"one","stderr":"","status":0},
  // head -2v a.txt
  {"argv":["head","-2v","a.txt"],"stdout":"==> a.txt <==\none\ntwo\n","stderr":"","status":0},
  // head -x
  {"argv":["head","-x"],"stdout":"","stderr":"head: invalid option -- 'x'\nTry 'head --help' for more information.\n","status":1},
  // head --foo
  {"argv":["head","--foo"],"stdout":"","stderr":"head: unrecognized option '--foo'\nTry 'head --help' for more information.\n","status":1},
  // head --lines=2 a.txt
  {"argv":["head","--lines=2","a.txt"],"stdout":"one\ntwo\n","stderr":"","status":0},
  // head -n 0 a.txt b.txt
  {"argv":["head","-n","0","a.txt","b.txt"],"stdout":"==> a.txt <==\n\n==> b.txt <==\n","stderr":"","status":0},
  // head -n -0 b.txt
  {"argv":["head","-n","-0","b.txt"],"stdout":"alpha\nbeta\ngamma\n","stderr":"","status":0},
  // head -n +2 a.txt
  {"argv":["head","-n","+2","a.txt"],"stdout":"one\ntwo\n","stderr":"","status":0},
  // printf 'in\nput\n' | head - b.txt
  {"argv":["head","-","b.txt"],"stdin":"in\nput\n","stdout":"==> standard input <==\nin\nput\n\n==> b.txt <==\nalpha\nbeta\ngamma\n","stderr":"","status":0},
  // printf 'l1\nl2\nl3\n' | head -n 2
  {"argv":["head","-n","2"],"stdin":"l1\nl2\nl3\n","stdout":"l1\nl2\n","stderr":"","status":0},
  // printf 'l1\nl2\nl3\n' | head -n -2
  {"argv":["head","-n","-2"],"stdin":"l1\nl2\nl3\n","stdout":"l1\n","stderr":"","status":0},
  // printf 'l1\nl2\nl3' | head -c -2
  {"argv":["head","-c","-2"],"stdin":"l1\nl2\nl3","stdout":"l1\nl2\n","stderr":"","status":0},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('tail (captured from the real tools)', () => {
  const base: Record<string, string> = {};
  const cases: Case[] = [
  // tail a.txt
  {"argv":["tail","a.txt"],"stdout":"three\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n","stderr":"","status":0},
  // tail -n 3 a.txt
  {"argv":["tail","-n","3","a.txt"],"stdout":"ten\neleven\ntwelve\n","stderr":"","status":0},
  // tail -3 a.txt
  {"argv":["tail","-3","a.txt"],"stdout":"ten\neleven\ntwelve\n","stderr":"","status":0},
  // tail +11 a.txt
  {"argv":["tail","+11","a.txt"],"stdout":"eleven\ntwelve\n","stderr":"","status":0},
  // tail -n +11 a.txt
  {"argv":["tail","-n","+11","a.txt"],"stdout":"eleven\ntwelve\n","stderr":"","status":0},
  // tail -n -2 a.txt
  {"argv":["tail","-n","-2","a.txt"],"stdout":"eleven\ntwelve\n","stderr":"","status":0},
  // tail -c 5 a.txt
  {"argv":["tail","-c","5","a.txt"],"stdout":"elve\n","stderr":"","status":0},
  // tail -c +50 a.txt
  {"argv":["tail","-c","+50","a.txt"],"stdout":"eleven\ntwelve\n","stderr":"","status":0},
  // tail -3c a.txt
  {"argv":["tail","-3c","a.txt"],"stdout":"ve\n","stderr":"","status":0},
  // tail a.txt -3
  {"argv":["tail","a.txt","-3"],"stdout":"","stderr":"tail: option used in invalid context -- 3\n","status":1},
  // tail a.txt b.txt
  {"argv":["tail","a.txt","b.txt"],"stdout":"==> a.txt <==\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n\n==> b.txt <==\nalpha\nbeta\ngamma\n","stderr":"","status":0},
  // tail -q a.txt b.txt
  {"argv":["tail","-q","a.txt","b.txt"],"stdout":"three\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\nalpha\nbeta\ngamma\n","stderr":"","status":0},
  // tail -v b.txt
  {"argv":["tail","-v","b.txt"],"stdout":"==> b.txt <==\nalpha\nbeta\ngamma\n","stderr":"","status":0},
  // tail -n 1 nonl.txt
  {"argv":["tail","-n","1","nonl.txt"],"stdout":"y","stderr":"","status":0},
  // tail -n 5 nonl.txt
  {"argv":["tail","-n","5","nonl.txt"],"stdout":"x\ny","stderr":"","status":0},
  // tail -c 1 nonl.txt
  {"argv":["tail","-c","1","nonl.txt"],"stdout":"y","stderr":"","status":0},
  // tail empty.txt b.txt
  {"argv":["tail","empty.txt","b.txt"],"stdout":"==> empty.txt <==\n\n==> b.txt <==\nalpha\nbeta\ngamma\n","stderr":"","status":0},
  // tail nope b.txt
  {"argv":["tail","nope","b.txt"],"stdout":"==> b.txt <==\nalpha\nbeta\ngamma\n","stderr":"tail: cannot open 'nope' for reading: No such file or directory\n","status":1},
  // tail dir
  {"argv":["tail","dir"],"stdout":"","stderr":"tail: error reading 'dir': Is a directory\n","status":1},
  // tail -n x a.txt
  {"argv":["tail","-n","x","a.txt"],"stdout":"","stderr":"tail: invalid number of lines: ‘x’\n","status":1},
  // tail -n 2x a.txt
  {"argv":["tail","-n","2x","a.txt"],"stdout":"","stderr":"tail: invalid number of lines: ‘2x’\n","status":1},
  // tail -n 0 a.txt
  {"argv":["tail","-n","0","a.txt"],"stdout":"","stderr":"","status":0},
  // tail -r a.txt
  {"argv":["tail","-r","a.txt"],"stdout":"","stderr":"tail: invalid option -- 'r'\nTry 'tail --help' for more information.\n","status":1},
  // tail -n +0 b.txt
  {"argv":["tail","-n","+0","b.txt"],"stdout":"alpha\nbeta\ngamma\n","stderr":"","status":0},
  // tail -n +1 b.txt
  {"argv":["tail","-n","+1","b.txt"],"stdout":"alpha\nbeta\ngamma\n","stderr":"","status":0},
  // tail -c +0 b.txt
  {"argv":["tail","-c","+0","b.txt"],"stdout":"alpha\nbeta\ngamma\n","stderr":"","status":0},
  // tail -n 2K b.txt
  {"argv":["tail","-n","2K","b.txt"],"stdout":"alpha\nbeta\ngamma\n","stderr":"","status":0},
  // printf 'l1\nl2\nl3\n' | tail -n 2
  {"argv":["tail","-n","2"],"stdin":"l1\nl2\nl3\n","stdout":"l2\nl3\n","stderr":"","status":0},
  // printf 'l1\nl2\n\n' | tail -n 2
  {"argv":["tail","-n","2"],"stdin":"l1\nl2\n\n","stdout":"l2\n\n","stderr":"","status":0},
  // printf 'l1\nl2' | tail -n 1
  {"argv":["tail","-n","1"],"stdin":"l1\nl2","stdout":"l2","stderr":"","status":0},
  // printf 'l1\nl2' | tail -c 3
  {"argv":["tail","-c","3"],"stdin":"l1\nl2","stdout":"\nl2","stderr":"","status":0},
  // printf 'l1\nl2' | tail -n +2
  {"argv":["tail","-n","+2"],"stdin":"l1\nl2","stdout":"l2","stderr":"","status":0},
  // printf 'a\n' | tail -
  {"argv":["tail","-"],"stdin":"a\n","stdout":"a\n","stderr":"","status":0},
  // printf 'a\000b\000' | tail -z -n 1
  {"argv":["tail","-z","-n","1"],"stdin":"a\u0000b\u0000","stdout":"b\u0000","stderr":"","status":0},
  // printf 'a\000b' | tail -z -n 1
  {"argv":["tail","-z","-n","1"],"stdin":"a\u0000b","stdout":"b","stderr":"","status":0},
  // tail -1 nonl.txt
  {"argv":["tail","-1","nonl.txt"],"stdout":"y","stderr":"","status":0},
  // tail -- -1
  {"argv":["tail","--","-1"],"stdout":"","stderr":"tail: cannot open '-1' for reading: No such file or directory\n","status":1},
  // tail -b a.txt
  {"argv":["tail","-b","a.txt"],"stdout":"one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n","stderr":"","status":0},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('wc (captured from the real tools)', () => {
  const base: Record<string, string> = {};
  const cases: Case[] = [
  // wc a.txt
  {"argv":["wc","a.txt"],"stdout":"12 12 63 a.txt\n","stderr":"","status":0},
  // wc -l a.txt
  {"argv":["wc","-l","a.txt"],"stdout":"12 a.txt\n","stderr":"","status":0},
  // wc -w words.txt
  {"argv":["wc","-w","words.txt"],"stdout":"13 words.txt\n","stderr":"","status":0},
  // wc words.txt a.txt
  {"argv":["wc","words.txt","a.txt"],"stdout":"  5  13  66 words.txt\n 12  12  63 a.txt\n 17  25 129 total\n","stderr":"","status":0},
  // wc -lw words.txt a.txt
  {"argv":["wc","-lw","words.txt","a.txt"],"stdout":"  5  13 words.txt\n 12  12 a.txt\n 17  25 total\n","stderr":"","status":0},
  // wc a.txt nope
  {"argv":["wc","a.txt","nope"],"stdout":"12 12 63 a.txt\n12 12 63 total\n","stderr":"wc: nope: No such file or directory\n","status":1},
  // wc nope a.txt
  {"argv":["wc","nope","a.txt"],"stdout":"12 12 63 a.txt\n12 12 63 total\n","stderr":"wc: nope: No such file or directory\n","status":1},
  // wc dir
  {"argv":["wc","dir"],"stdout":"      0       0       0 dir\n","stderr":"wc: dir: Is a directory\n","status":1},
  // wc -L words.txt
  {"argv":["wc","-L","words.txt"],"stdout":"24 words.txt\n","stderr":"","status":0},
  // wc -m words.txt
  {"argv":["wc","-m","words.txt"],"stdout":"66 words.txt\n","stderr":"","status":0},
  // wc -c nonl.txt
  {"argv":["wc","-c","nonl.txt"],"stdout":"3 nonl.txt\n","stderr":"","status":0},
  // wc nonl.txt empty.txt
  {"argv":["wc","nonl.txt","empty.txt"],"stdout":"1 2 3 nonl.txt\n0 0 0 empty.txt\n1 2 3 total\n","stderr":"","status":0},
  // wc empty.txt
  {"argv":["wc","empty.txt"],"stdout":"0 0 0 empty.txt\n","stderr":"","status":0},
  // wc -l
  {"argv":["wc","-l"],"stdout":"0\n","stderr":"","status":0},
  // printf 'hi\n' | wc
  {"argv":["wc"],"stdin":"hi\n","stdout":"      1       1       3\n","stderr":"","status":0},
  // printf 'hi\n' | wc -l
  {"argv":["wc","-l"],"stdin":"hi\n","stdout":"1\n","stderr":"","status":0},
  // printf 'é\001x y z\n' | wc -mwc
  {"argv":["wc","-mwc"],"stdin":"é\u0001x y z\n","stdout":"      3       8       9\n","stderr":"","status":0},
  // printf '\001\002' | wc -w
  {"argv":["wc","-w"],"stdin":"\u0001\u0002","stdout":"0\n","stderr":"","status":0},
  // printf 'a b　c\n' | wc -w
  {"argv":["wc","-w"],"stdin":"a b　c\n","stdout":"3\n","stderr":"","status":0},
  // printf 'a\tb\n中文x\n' | wc -L
  {"argv":["wc","-L"],"stdin":"a\tb\n中文x\n","stdout":"9\n","stderr":"","status":0},
  // printf 'x\n' | wc - a.txt
  {"argv":["wc","-","a.txt"],"stdin":"x\n","stdout":"      1       1       2 -\n     12      12      63 a.txt\n     13      13      65 total\n","stderr":"","status":0},
  // wc --foo
  {"argv":["wc","--foo"],"stdout":"","stderr":"wc: unrecognized option '--foo'\nTry 'wc --help' for more information.\n","status":1},
  // wc -x
  {"argv":["wc","-x"],"stdout":"","stderr":"wc: invalid option -- 'x'\nTry 'wc --help' for more information.\n","status":1},
  // wc -clmwL a.txt b.txt
  {"argv":["wc","-clmwL","a.txt","b.txt"],"stdout":"12 12 63 63  6 a.txt\n 3  3 17 17  5 b.txt\n15 15 80 80  6 total\n","stderr":"","status":0},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('basename, dirname, tee, yes (captured from the real tools)', () => {
  const base: Record<string, string> = {};
  const cases: Case[] = [
  // basename
  {"argv":["basename"],"stdout":"","stderr":"basename: missing operand\nTry 'basename --help' for more information.\n","status":1},
  // basename a b c
  {"argv":["basename","a","b","c"],"stdout":"","stderr":"basename: extra operand ‘c’\nTry 'basename --help' for more information.\n","status":1},
  // basename /a/b.txt .txt
  {"argv":["basename","/a/b.txt",".txt"],"stdout":"b\n","stderr":"","status":0},
  // basename -a x/y z/w
  {"argv":["basename","-a","x/y","z/w"],"stdout":"y\nw\n","stderr":"","status":0},
  // basename -s .c a.c b.c
  {"argv":["basename","-s",".c","a.c","b.c"],"stdout":"a\nb\n","stderr":"","status":0},
  // basename /
  {"argv":["basename","/"],"stdout":"/\n","stderr":"","status":0},
  // basename //
  {"argv":["basename","//"],"stdout":"/\n","stderr":"","status":0},
  // basename a/b/
  {"argv":["basename","a/b/"],"stdout":"b\n","stderr":"","status":0},
  // basename .txt .txt
  {"argv":["basename",".txt",".txt"],"stdout":".txt\n","stderr":"","status":0},
  // basename -z a
  {"argv":["basename","-z","a"],"stdout":"a\u0000","stderr":"","status":0},
  // basename --suffix=.c a.c
  {"argv":["basename","--suffix=.c","a.c"],"stdout":"a\n","stderr":"","status":0},
  // basename -- -a
  {"argv":["basename","--","-a"],"stdout":"-a\n","stderr":"","status":0},
  // basename ''
  {"argv":["basename",""],"stdout":"\n","stderr":"","status":0},
  // basename -x
  {"argv":["basename","-x"],"stdout":"","stderr":"basename: invalid option -- 'x'\nTry 'basename --help' for more information.\n","status":1},
  // basename /a/b.txt /b.txt
  {"argv":["basename","/a/b.txt","/b.txt"],"stdout":"b.txt\n","stderr":"","status":0},
  // dirname
  {"argv":["dirname"],"stdout":"","stderr":"dirname: missing operand\nTry 'dirname --help' for more information.\n","status":1},
  // dirname a/b c
  {"argv":["dirname","a/b","c"],"stdout":"a\n.\n","stderr":"","status":0},
  // dirname /
  {"argv":["dirname","/"],"stdout":"/\n","stderr":"","status":0},
  // dirname a
  {"argv":["dirname","a"],"stdout":".\n","stderr":"","status":0},
  // dirname //a//b//
  {"argv":["dirname","//a//b//"],"stdout":"//a\n","stderr":"","status":0},
  // dirname a/
  {"argv":["dirname","a/"],"stdout":".\n","stderr":"","status":0},
  // dirname /a
  {"argv":["dirname","/a"],"stdout":"/\n","stderr":"","status":0},
  // dirname ''
  {"argv":["dirname",""],"stdout":".\n","stderr":"","status":0},
  // dirname -z a/b
  {"argv":["dirname","-z","a/b"],"stdout":"a\u0000","stderr":"","status":0},
  // dirname -x a
  {"argv":["dirname","-x","a"],"stdout":"","stderr":"dirname: invalid option -- 'x'\nTry 'dirname --help' for more information.\n","status":1},
  // dirname ///
  {"argv":["dirname","///"],"stdout":"/\n","stderr":"","status":0},
  // dirname a///b
  {"argv":["dirname","a///b"],"stdout":"a\n","stderr":"","status":0},
  // printf 'hi\n' | tee
  {"argv":["tee"],"stdin":"hi\n","stdout":"hi\n","stderr":"","status":0},
  // printf 'hi\n' | tee out.txt
  {"argv":["tee","out.txt"],"stdin":"hi\n","stdout":"hi\n","stderr":"","status":0},
  // printf 'hi\n' | tee /nonexist/x
  {"argv":["tee","/nonexist/x"],"stdin":"hi\n","stdout":"hi\n","stderr":"tee: /nonexist/x: No such file or directory\n","status":1},
  // printf 'hi\n' | tee -a a.txt
  {"argv":["tee","-a","a.txt"],"stdin":"hi\n","stdout":"hi\n","stderr":"","status":0},
  // printf 'x' | tee dir
  {"argv":["tee","dir"],"stdin":"x","stdout":"x","stderr":"tee: dir: Is a directory\n","status":1},
  // tee -x
  {"argv":["tee","-x"],"stdout":"","stderr":"tee: invalid option -- 'x'\nTry 'tee --help' for more information.\n","status":1},
  // yes -n
  {"argv":["yes","-n"],"stdout":"","stderr":"yes: invalid option -- 'n'\nTry 'yes --help' for more information.\n","status":1},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('printf (captured from the real tools)', () => {
  const base: Record<string, string> = {};
  const cases: Case[] = [
  // printf '%d|%i|%u|%x|%X|%o|%c|%s|%f|%e|%g|%%\n' 42 -7 -1 255 255 8 hello world 3.14159 31415.9 0.0001234
  {"argv":["printf","%d|%i|%u|%x|%X|%o|%c|%s|%f|%e|%g|%%\\n","42","-7","-1","255","255","8","hello","world","3.14159","31415.9","0.0001234"],"stdout":"42|-7|18446744073709551615|ff|FF|10|h|world|3.141590|3.141590e+04|0.0001234|%\n","stderr":"","status":0},
  // printf '%5.2f|%-8s|%08.3f|%+d|% d|%#x|%#o|%.3d|%10.4e|%G|%g|%g|%g\n' 2.5 ab -1.5 5 5 255 8 7 12345.678 1e-10 100000 1000000 0.5
  {"argv":["printf","%5.2f|%-8s|%08.3f|%+d|% d|%#x|%#o|%.3d|%10.4e|%G|%g|%g|%g\\n","2.5","ab","-1.5","5","5","255","8","7","12345.678","1e-10","100000","1000000","0.5"],"stdout":" 2.50|ab      |-001.500|+5| 5|0xff|010|007|1.2346e+04|1E-10|100000|1e+06|0.5\n","stderr":"","status":0},
  // printf '%s %s\n' a b c
  {"argv":["printf","%s %s\\n","a","b","c"],"stdout":"a b\nc \n","stderr":"","status":0},
  // printf 'x\n' extra
  {"argv":["printf","x\\n","extra"],"stdout":"x\n","stderr":"printf: warning: ignoring excess arguments, starting with ‘extra’\n","status":0},
  // printf '%d\n' abc 12abc 0x1F 010 ''\''A' ''\''ab' 99999999999999999999 ' 12' '' 1.5 -
  {"argv":["printf","%d\\n","abc","12abc","0x1F","010","'A","'ab","99999999999999999999"," 12","","1.5","-"],"stdout":"0\n12\n31\n8\n65\n97\n9223372036854775807\n12\n0\n1\n0\n","stderr":"printf: ‘abc’: expected a numeric value\nprintf: ‘12abc’: value not completely converted\nprintf: warning: b: character(s) following character constant have been ignored\nprintf: ‘99999999999999999999’: Numerical result out of range\nprintf: ‘1.5’: value not completely converted\nprintf: ‘-’: expected a numeric value\n","status":1},
  // printf '%b\n' 'a\tb\0101\101\x41\u00e9'
  {"argv":["printf","%b\\n","a\\tb\\0101\\101\\x41\\u00e9"],"stdout":"a\tbAAAé\n","stderr":"","status":0},
  // printf 'a\101\x41\u00e9\cb'
  {"argv":["printf","a\\101\\x41\\u00e9\\cb"],"stdout":"aAAé","stderr":"","status":0},
  // printf '%.0f %.0f %.0f %.20f %.3e %g %g\n' 2.5 3.5 0.5 0.1 2.5e-5 1e100 123456789
  {"argv":["printf","%.0f %.0f %.0f %.20f %.3e %g %g\\n","2.5","3.5","0.5","0.1","2.5e-5","1e100","123456789"],"stdout":"2 4 0 0.10000000000000000000 2.500e-05 1e+100 1.23457e+08\n","stderr":"","status":0},
  // printf %z
  {"argv":["printf","%z"],"stdout":"","stderr":"printf: %z: invalid conversion specification\n","status":1},
  // printf
  {"argv":["printf"],"stdout":"","stderr":"printf: missing operand\nTry 'printf --help' for more information.\n","status":1},
  // printf '%*d|%-*d|%.*f\n' 5 1 4 2 2 3.14159
  {"argv":["printf","%*d|%-*d|%.*f\\n","5","1","4","2","2","3.14159"],"stdout":"    1|2   |3.14\n","stderr":"","status":0},
  // printf '%s\n'
  {"argv":["printf","%s\\n"],"stdout":"\n","stderr":"","status":0},
  // printf %c
  {"argv":["printf","%c"],"stdout":"\u0000","stderr":"","status":0},
  // printf %c ''
  {"argv":["printf","%c",""],"stdout":"\u0000","stderr":"","status":0},
  // printf '%a %a %A %.3a\n' 1 0.1 255 3
  {"argv":["printf","%a %a %A %.3a\\n","1","0.1","255","3"],"stdout":"0x8p-3 0xc.ccccccccccccccdp-7 0XF.FP+4 0xc.000p-2\n","stderr":"","status":0},
  // printf '%5%\n'
  {"argv":["printf","%5%\\n"],"stdout":"","stderr":"printf: %5%: invalid conversion specification\n","status":1},
  // printf '\q\n'
  {"argv":["printf","\\q\\n"],"stdout":"\\q\n","stderr":"","status":0},
  // printf '%q\n' 'a b' 'it'\''s' '' 'a"b' 'x'\''y"z'
  {"argv":["printf","%q\\n","a b","it's","","a\"b","x'y\"z"],"stdout":"'a b'\n\"it's\"\n''\n'a\"b'\n'x'\\''y\"z'\n","stderr":"","status":0},
  // printf '%ld %lld %hhd\n' 1 2 3
  {"argv":["printf","%ld %lld %hhd\\n","1","2","3"],"stdout":"1 2 3\n","stderr":"","status":0},
  // printf '%.2s|%-5c|\n' abc x
  {"argv":["printf","%.2s|%-5c|\\n","abc","x"],"stdout":"ab|x    |\n","stderr":"","status":0},
  // printf '%f\n' 1.5x ''
  {"argv":["printf","%f\\n","1.5x",""],"stdout":"1.500000\n0.000000\n","stderr":"printf: ‘1.5x’: value not completely converted\n","status":1},
  // printf '%e\n' 0
  {"argv":["printf","%e\\n","0"],"stdout":"0.000000e+00\n","stderr":"","status":0},
  // printf '%g %g %g %g\n' 0 -0 inf -inf
  {"argv":["printf","%g %g %g %g\\n","0","-0","inf","-inf"],"stdout":"0 -0 inf -inf\n","stderr":"","status":0},
  // printf '%f %F\n' nan inf
  {"argv":["printf","%f %F\\n","nan","inf"],"stdout":"nan INF\n","stderr":"","status":0},
  // printf '%x\n' -1
  {"argv":["printf","%x\\n","-1"],"stdout":"ffffffffffffffff\n","stderr":"","status":0},
  // printf '%s\n' --
  {"argv":["printf","%s\\n","--"],"stdout":"--\n","stderr":"","status":0},
  // printf -- '%s\n' x
  {"argv":["printf","--","%s\\n","x"],"stdout":"x\n","stderr":"","status":0},
  // printf '%c|%c\n' 'é' ab
  {"argv":["printf","%c|%c\\n","é","ab"],"stdout":"�|a\n","stderr":"","status":0},
  // printf %b 'x\cy' z
  {"argv":["printf","%b","x\\cy","z"],"stdout":"x","stderr":"","status":0},
  // printf 'a%sb\c%s' 1 2
  {"argv":["printf","a%sb\\c%s","1","2"],"stdout":"a1b","stderr":"","status":0},
  // printf '\0101\101\18\x4g\u00e9\U0001F600\n'
  {"argv":["printf","\\0101\\101\\18\\x4g\\u00e9\\U0001F600\\n"],"stdout":"\b1A\u00018\u0004gé😀\n","stderr":"","status":0},
  // printf '%.3s|%5s|\n' 'é' 'é'
  {"argv":["printf","%.3s|%5s|\\n","é","é"],"stdout":"é|   é|\n","stderr":"","status":0},
  // printf '\'
  {"argv":["printf","\\"],"stdout":"\\","stderr":"","status":0},
  // printf %
  {"argv":["printf","%"],"stdout":"","stderr":"printf: %: invalid conversion specification\n","status":1},
  // printf %-
  {"argv":["printf","%-"],"stdout":"","stderr":"printf: %-: invalid conversion specification\n","status":1},
  // printf '%d %d\n' 1
  {"argv":["printf","%d %d\\n","1"],"stdout":"1 0\n","stderr":"","status":0},
  // printf '%#.3g|%#g|%#x|%#o|%+.2e|% f|%-8.3f|\n' 1 2 0 0 -3 1 2
  {"argv":["printf","%#.3g|%#g|%#x|%#o|%+.2e|% f|%-8.3f|\\n","1","2","0","0","-3","1","2"],"stdout":"1.00|2.00000|0|0|-3.00e+00| 1.000000|2.000   |\n","stderr":"","status":0},
  // printf '%.15g %.17g %g %g\n' 0.1 0.1 1e-5 123456
  {"argv":["printf","%.15g %.17g %g %g\\n","0.1","0.1","1e-5","123456"],"stdout":"0.1 0.1 1e-05 123456\n","stderr":"","status":0},
  // printf '%010.3f|%-010d|%+05d|%x\n' -3.14159 42 7 3000000000
  {"argv":["printf","%010.3f|%-010d|%+05d|%x\\n","-3.14159","42","7","3000000000"],"stdout":"-00003.142|42        |+0007|b2d05e00\n","stderr":"","status":0},
  // printf '%d\n' 9223372036854775807 -9223372036854775808 18446744073709551615
  {"argv":["printf","%d\\n","9223372036854775807","-9223372036854775808","18446744073709551615"],"stdout":"9223372036854775807\n-9223372036854775808\n9223372036854775807\n","stderr":"printf: ‘18446744073709551615’: Numerical result out of range\n","status":1},
  // printf '%u\n' -5 18446744073709551616
  {"argv":["printf","%u\\n","-5","18446744073709551616"],"stdout":"18446744073709551611\n18446744073709551615\n","stderr":"printf: ‘18446744073709551616’: Numerical result out of range\n","status":1},
  // printf '%i %d\n' 0x 08
  {"argv":["printf","%i %d\\n","0x","08"],"stdout":"0 0\n","stderr":"printf: ‘0x’: value not completely converted\nprintf: ‘08’: value not completely converted\n","status":1},
  // printf 'a\xZ'
  {"argv":["printf","a\\xZ"],"stdout":"a","stderr":"printf: missing hexadecimal number in escape\n","status":1},
  // printf '%.10f\n' 0.3 1e-20 123456789.123456789
  {"argv":["printf","%.10f\\n","0.3","1e-20","123456789.123456789"],"stdout":"0.3000000000\n0.0000000000\n123456789.1234567890\n","stderr":"","status":0},
  // printf '%g\n' 0.0001 0.00001 1e15 1e16 99999.95 999999.5
  {"argv":["printf","%g\\n","0.0001","0.00001","1e15","1e16","99999.95","999999.5"],"stdout":"0.0001\n1e-05\n1e+15\n1e+16\n100000\n1e+06\n","stderr":"","status":0},
  // printf '%5.1s|%.0s|\n' abc abc
  {"argv":["printf","%5.1s|%.0s|\\n","abc","abc"],"stdout":"    a||\n","stderr":"","status":0},
  // printf '%s\n' 'a\nb'
  {"argv":["printf","%s\\n","a\\nb"],"stdout":"a\\nb\n","stderr":"","status":0},
  // printf '\"\\\a\n' '|' od -c
  {"argv":["printf","\\\"\\\\\\a\\n","|","od","-c"],"stdout":"\"\\\u0007\n","stderr":"printf: warning: ignoring excess arguments, starting with ‘|’\n","status":0},
  // printf '%d %s\n' 1 a 2
  {"argv":["printf","%d %s\\n","1","a","2"],"stdout":"1 a\n2 \n","stderr":"","status":0},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('seq (captured from the real tools)', () => {
  const base: Record<string, string> = {};
  const cases: Case[] = [
  // seq 3
  {"argv":["seq","3"],"stdout":"1\n2\n3\n","stderr":"","status":0},
  // seq 2 5
  {"argv":["seq","2","5"],"stdout":"2\n3\n4\n5\n","stderr":"","status":0},
  // seq 1 2 10
  {"argv":["seq","1","2","10"],"stdout":"1\n3\n5\n7\n9\n","stderr":"","status":0},
  // seq 5 1
  {"argv":["seq","5","1"],"stdout":"","stderr":"","status":0},
  // seq 5 -1 1
  {"argv":["seq","5","-1","1"],"stdout":"5\n4\n3\n2\n1\n","stderr":"","status":0},
  // seq 0 0.1 1
  {"argv":["seq","0","0.1","1"],"stdout":"0.0\n0.1\n0.2\n0.3\n0.4\n0.5\n0.6\n0.7\n0.8\n0.9\n1.0\n","stderr":"","status":0},
  // seq 1 0.5 3
  {"argv":["seq","1","0.5","3"],"stdout":"1.0\n1.5\n2.0\n2.5\n3.0\n","stderr":"","status":0},
  // seq -w 1 10
  {"argv":["seq","-w","1","10"],"stdout":"01\n02\n03\n04\n05\n06\n07\n08\n09\n10\n","stderr":"","status":0},
  // seq -w -5 5
  {"argv":["seq","-w","-5","5"],"stdout":"-5\n-4\n-3\n-2\n-1\n00\n01\n02\n03\n04\n05\n","stderr":"","status":0},
  // seq -s, 1 3
  {"argv":["seq","-s,","1","3"],"stdout":"1,2,3\n","stderr":"","status":0},
  // seq -f %03g 1 3
  {"argv":["seq","-f","%03g","1","3"],"stdout":"001\n002\n003\n","stderr":"","status":0},
  // seq 1e3 1e3
  {"argv":["seq","1e3","1e3"],"stdout":"1000\n","stderr":"","status":0},
  // seq 0.1 0.3
  {"argv":["seq","0.1","0.3"],"stdout":"0.1\n","stderr":"","status":0},
  // seq 1.50 2
  {"argv":["seq","1.50","2"],"stdout":"1.50\n","stderr":"","status":0},
  // seq -w 0.5 1.5
  {"argv":["seq","-w","0.5","1.5"],"stdout":"0.5\n1.5\n","stderr":"","status":0},
  // seq 10 -3 1
  {"argv":["seq","10","-3","1"],"stdout":"10\n7\n4\n1\n","stderr":"","status":0},
  // seq 1 0
  {"argv":["seq","1","0"],"stdout":"","stderr":"","status":0},
  // seq x
  {"argv":["seq","x"],"stdout":"","stderr":"seq: invalid floating point argument: ‘x’\nTry 'seq --help' for more information.\n","status":1},
  // seq 1 0 3
  {"argv":["seq","1","0","3"],"stdout":"","stderr":"seq: invalid Zero increment value: ‘0’\nTry 'seq --help' for more information.\n","status":1},
  // seq
  {"argv":["seq"],"stdout":"","stderr":"seq: missing operand\nTry 'seq --help' for more information.\n","status":1},
  // seq 1 2 3 4
  {"argv":["seq","1","2","3","4"],"stdout":"","stderr":"seq: extra operand ‘4’\nTry 'seq --help' for more information.\n","status":1},
  // seq -f %d 1
  {"argv":["seq","-f","%d","1"],"stdout":"","stderr":"seq: format ‘%d’ has unknown %d directive\n","status":1},
  // seq -f %.2f 1 3
  {"argv":["seq","-f","%.2f","1","3"],"stdout":"1.00\n2.00\n3.00\n","stderr":"","status":0},
  // seq -f a%gb%% 1 2
  {"argv":["seq","-f","a%gb%%","1","2"],"stdout":"a1b%\na2b%\n","stderr":"","status":0},
  // seq 1000000 1000001
  {"argv":["seq","1000000","1000001"],"stdout":"1000000\n1000001\n","stderr":"","status":0},
  // seq -s '' 1 3
  {"argv":["seq","-s","","1","3"],"stdout":"123\n","stderr":"","status":0},
  // seq 1e-2 1e-2 3e-2
  {"argv":["seq","1e-2","1e-2","3e-2"],"stdout":"0.01\n0.02\n0.03\n","stderr":"","status":0},
  // seq .5 2
  {"argv":["seq",".5","2"],"stdout":"0.5\n1.5\n","stderr":"","status":0},
  // seq 1. 2
  {"argv":["seq","1.","2"],"stdout":"1\n2\n","stderr":"","status":0},
  // seq -- -1 1
  {"argv":["seq","--","-1","1"],"stdout":"-1\n0\n1\n","stderr":"","status":0},
  // seq -1
  {"argv":["seq","-1"],"stdout":"","stderr":"","status":0},
  // seq 0x10 0x12
  {"argv":["seq","0x10","0x12"],"stdout":"16\n17\n18\n","stderr":"","status":0},
  // seq nan
  {"argv":["seq","nan"],"stdout":"","stderr":"seq: invalid ‘not-a-number’ argument: ‘nan’\nTry 'seq --help' for more information.\n","status":1},
  // seq 1.0e1 11
  {"argv":["seq","1.0e1","11"],"stdout":"10\n11\n","stderr":"","status":0},
  // seq -w 1 1e1
  {"argv":["seq","-w","1","1e1"],"stdout":"01\n02\n03\n04\n05\n06\n07\n08\n09\n10\n","stderr":"","status":0},
  // seq 2 1.00 3
  {"argv":["seq","2","1.00","3"],"stdout":"2.00\n3.00\n","stderr":"","status":0},
  // seq 9007199254740993 9007199254740994
  {"argv":["seq","9007199254740993","9007199254740994"],"stdout":"9007199254740993\n9007199254740994\n","stderr":"","status":0},
  // seq -f %x 1
  {"argv":["seq","-f","%x","1"],"stdout":"","stderr":"seq: format ‘%x’ has unknown %x directive\n","status":1},
  // seq -f %g%g 1
  {"argv":["seq","-f","%g%g","1"],"stdout":"","stderr":"seq: format ‘%g%g’ has too many % directives\n","status":1},
  // seq -f ab 1
  {"argv":["seq","-f","ab","1"],"stdout":"","stderr":"seq: format ‘ab’ has no % directive\n","status":1},
  // seq -0 1
  {"argv":["seq","-0","1"],"stdout":"-0\n1\n","stderr":"","status":0},
  // seq -w 1.5 0.25 2
  {"argv":["seq","-w","1.5","0.25","2"],"stdout":"1.50\n1.75\n2.00\n","stderr":"","status":0},
  // seq 0 0.000001 0.000003
  {"argv":["seq","0","0.000001","0.000003"],"stdout":"0.000000\n0.000001\n0.000002\n0.000003\n","stderr":"","status":0},
  // seq -s ': ' 1 3
  {"argv":["seq","-s",": ","1","3"],"stdout":"1: 2: 3\n","stderr":"","status":0},
  // seq -f %e 1 2
  {"argv":["seq","-f","%e","1","2"],"stdout":"1.000000e+00\n2.000000e+00\n","stderr":"","status":0},
  // seq -w -f %g 1 2
  {"argv":["seq","-w","-f","%g","1","2"],"stdout":"","stderr":"seq: format string may not be specified when printing equal width strings\nTry 'seq --help' for more information.\n","status":1},
  // seq 1 3 2
  {"argv":["seq","1","3","2"],"stdout":"1\n","stderr":"","status":0},
  // seq 0.1 0.1 0.5
  {"argv":["seq","0.1","0.1","0.5"],"stdout":"0.1\n0.2\n0.3\n0.4\n0.5\n","stderr":"","status":0},
  // seq -1 -0.5 -3
  {"argv":["seq","-1","-0.5","-3"],"stdout":"-1.0\n-1.5\n-2.0\n-2.5\n-3.0\n","stderr":"","status":0},
  // seq -w -1 -0.5 -3
  {"argv":["seq","-w","-1","-0.5","-3"],"stdout":"-1.0\n-1.5\n-2.0\n-2.5\n-3.0\n","stderr":"","status":0},
  // seq 1e2 1.5e1 2e2
  {"argv":["seq","1e2","1.5e1","2e2"],"stdout":"100\n115\n130\n145\n160\n175\n190\n","stderr":"","status":0},
  // seq -f %.3a 1 2
  {"argv":["seq","-f","%.3a","1","2"],"stdout":"0x8.000p-3\n0x8.000p-2\n","stderr":"","status":0},
  // seq 1 inf 2
  {"argv":["seq","1","inf","2"],"stdout":"1\n","stderr":"","status":0},
  // seq -inf 1 0
  {"argv":["seq","-inf","1","0"],"stdout":"","stderr":"seq: invalid option -- 'i'\nTry 'seq --help' for more information.\n","status":1},
  // seq 3 1 5
  {"argv":["seq","3","1","5"],"stdout":"3\n4\n5\n","stderr":"","status":0},
  // seq 10 0.5e1 20
  {"argv":["seq","10","0.5e1","20"],"stdout":"10\n15\n20\n","stderr":"","status":0},
  // seq 100000000000000000000 100000000000000000002
  {"argv":["seq","100000000000000000000","100000000000000000002"],"stdout":"100000000000000000000\n100000000000000000001\n100000000000000000002\n","stderr":"","status":0},
  // seq -w 8 10
  {"argv":["seq","-w","8","10"],"stdout":"08\n09\n10\n","stderr":"","status":0},
  // seq -w 0x8 10
  {"argv":["seq","-w","0x8","10"],"stdout":"08\n09\n10\n","stderr":"","status":0},
  // seq 1e-1 1
  {"argv":["seq","1e-1","1"],"stdout":"0.1\n","stderr":"","status":0},
  // seq -w 1e-1 1
  {"argv":["seq","-w","1e-1","1"],"stdout":"0.1\n","stderr":"","status":0},
  // seq 0 1e2 300
  {"argv":["seq","0","1e2","300"],"stdout":"0\n100\n200\n300\n","stderr":"","status":0},
  // seq 1 +2 4
  {"argv":["seq","1","+2","4"],"stdout":"1\n3\n","stderr":"","status":0},
  // seq ' 1' 2
  {"argv":["seq"," 1","2"],"stdout":"1\n2\n","stderr":"","status":0},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('uniq (captured from the real tools)', () => {
  const base: Record<string, string> = {"u.txt":"x 1 a\ny 1 a\nz 2 b\n\nfoo\nfoo"};
  const cases: Case[] = [
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq
  {"argv":["uniq"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"a\nb\nB\nb\nc\nd\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -c
  {"argv":["uniq","-c"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"      2 a\n      1 b\n      1 B\n      1 b\n      3 c\n      1 d\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -d
  {"argv":["uniq","-d"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"a\nc\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -u
  {"argv":["uniq","-u"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"b\nB\nb\nd\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -D
  {"argv":["uniq","-D"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"a\na\nc\nc\nc\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -i
  {"argv":["uniq","-i"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"a\nb\nc\nd\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -ic
  {"argv":["uniq","-ic"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"      2 a\n      3 b\n      3 c\n      1 d\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -du
  {"argv":["uniq","-du"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -cd
  {"argv":["uniq","-cd"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"      2 a\n      3 c\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -cD
  {"argv":["uniq","-cD"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"","stderr":"uniq: printing all duplicated lines and repeat counts is meaningless\nTry 'uniq --help' for more information.\n","status":1},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq --all-repeated=separate
  {"argv":["uniq","--all-repeated=separate"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"a\na\n\nc\nc\nc\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq --all-repeated=prepend
  {"argv":["uniq","--all-repeated=prepend"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"\na\na\n\nc\nc\nc\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq --all-repeated=bad
  {"argv":["uniq","--all-repeated=bad"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"","stderr":"uniq: invalid argument ‘bad’ for ‘--all-repeated’\nValid arguments are:\n  - ‘none’\n  - ‘prepend’\n  - ‘separate’\nTry 'uniq --help' for more information.\n","status":1},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq --group
  {"argv":["uniq","--group"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"a\na\n\nb\n\nB\n\nb\n\nc\nc\nc\n\nd\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq --group=prepend
  {"argv":["uniq","--group=prepend"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"\na\na\n\nb\n\nB\n\nb\n\nc\nc\nc\n\nd\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq --group=append
  {"argv":["uniq","--group=append"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"a\na\n\nb\n\nB\n\nb\n\nc\nc\nc\n\nd\n\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq --group=both
  {"argv":["uniq","--group=both"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"\na\na\n\nb\n\nB\n\nb\n\nc\nc\nc\n\nd\n\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq --group -c
  {"argv":["uniq","--group","-c"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"","stderr":"uniq: --group is mutually exclusive with -c/-d/-D/-u\nTry 'uniq --help' for more information.\n","status":1},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -w 1
  {"argv":["uniq","-w","1"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"a\nb\nB\nb\nc\nd\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -s 1
  {"argv":["uniq","-s","1"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"a\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -z
  {"argv":["uniq","-z"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"a\na\nb\nB\nb\nc\nc\nc\nd\n\u0000","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq u.txt
  {"argv":["uniq","u.txt"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"x 1 a\ny 1 a\nz 2 b\n\nfoo\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -f 1 u.txt
  {"argv":["uniq","-f","1","u.txt"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"x 1 a\nz 2 b\n\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -f 2 -c u.txt
  {"argv":["uniq","-f","2","-c","u.txt"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"      2 x 1 a\n      1 z 2 b\n      3 \n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -f x u.txt
  {"argv":["uniq","-f","x","u.txt"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"","stderr":"uniq: x: invalid number of fields to skip\n","status":1},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -s 2 -w 1 u.txt
  {"argv":["uniq","-s","2","-w","1","u.txt"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"x 1 a\nz 2 b\n\nfoo\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq nope
  {"argv":["uniq","nope"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"","stderr":"uniq: nope: No such file or directory\n","status":1},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq u.txt out.txt
  {"argv":["uniq","u.txt","out.txt"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq a b c
  {"argv":["uniq","a","b","c"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"","stderr":"uniq: extra operand ‘c’\nTry 'uniq --help' for more information.\n","status":1},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -D -u
  {"argv":["uniq","-D","-u"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"a\nc\nc\n","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq empty.txt
  {"argv":["uniq","empty.txt"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"","stderr":"","status":0},
  // printf 'a\na\nb\nB\nb\nc\nc\nc\nd\n' | uniq -c nonl.txt
  {"argv":["uniq","-c","nonl.txt"],"stdin":"a\na\nb\nB\nb\nc\nc\nc\nd\n","stdout":"      1 x\n      1 y\n","stderr":"","status":0},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('grep (captured from the real tools)', () => {
  const base: Record<string, string> = {"g.txt":"abc\nfoo(bar)\na+b\n","c.txt":"x\nabc\nd\ne\nabc\nf\ng\nh\nabc\n","bin.dat":"abc\u0000def\nxyz abc\n","rd/sub/f":"abc\n","rd/g":"abc\n"};
  const cases: Case[] = [
  // grep -- 'a\(b' g.txt
  {"argv":["grep","--","a\\(b","g.txt"],"stdout":"","stderr":"grep: Unmatched ( or \\(\n","status":2},
  // grep -- 'a\)' g.txt
  {"argv":["grep","--","a\\)","g.txt"],"stdout":"","stderr":"grep: Unmatched ) or \\)\n","status":2},
  // grep -- '[ab' g.txt
  {"argv":["grep","--","[ab","g.txt"],"stdout":"","stderr":"grep: Unmatched [, [^, [:, [., or [=\n","status":2},
  // grep -- 'a\{1' g.txt
  {"argv":["grep","--","a\\{1","g.txt"],"stdout":"","stderr":"grep: Unmatched \\{\n","status":2},
  // grep -- 'a\{x\}' g.txt
  {"argv":["grep","--","a\\{x\\}","g.txt"],"stdout":"","stderr":"grep: Invalid content of \\{\\}\n","status":2},
  // grep -- '*a' g.txt
  {"argv":["grep","--","*a","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -- 'a**' g.txt
  {"argv":["grep","--","a**","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep -- '\(a\)\2' g.txt
  {"argv":["grep","--","\\(a\\)\\2","g.txt"],"stdout":"","stderr":"grep: Invalid back reference\n","status":2},
  // grep -- '[[:foo:]]' g.txt
  {"argv":["grep","--","[[:foo:]]","g.txt"],"stdout":"","stderr":"grep: Invalid character class name\n","status":2},
  // grep -- '[:space:]' g.txt
  {"argv":["grep","--","[:space:]","g.txt"],"stdout":"","stderr":"grep: character class syntax is [[:space:]], not [:space:]\n","status":2},
  // grep -- 'a\' g.txt
  {"argv":["grep","--","a\\","g.txt"],"stdout":"","stderr":"grep: Trailing backslash\n","status":2},
  // grep -- '[z-a]' g.txt
  {"argv":["grep","--","[z-a]","g.txt"],"stdout":"","stderr":"grep: Invalid range end\n","status":2},
  // grep -- 'a\{2,1\}' g.txt
  {"argv":["grep","--","a\\{2,1\\}","g.txt"],"stdout":"","stderr":"grep: Invalid content of \\{\\}\n","status":2},
  // grep -- '\w' g.txt
  {"argv":["grep","--","\\w","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep -- 'x\' g.txt
  {"argv":["grep","--","x\\","g.txt"],"stdout":"","stderr":"grep: Trailing backslash\n","status":2},
  // grep -- '' g.txt
  {"argv":["grep","--","","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep -- '\-' g.txt
  {"argv":["grep","--","\\-","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -- 'a\d' g.txt
  {"argv":["grep","--","a\\d","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -- 'a\+' g.txt
  {"argv":["grep","--","a\\+","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep -- a+ g.txt
  {"argv":["grep","--","a+","g.txt"],"stdout":"a+b\n","stderr":"","status":0},
  // grep -- 'a\?b' g.txt
  {"argv":["grep","--","a\\?b","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep -- '(bar)' g.txt
  {"argv":["grep","--","(bar)","g.txt"],"stdout":"foo(bar)\n","stderr":"","status":0},
  // grep -- '\(b\)' g.txt
  {"argv":["grep","--","\\(b\\)","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep -- ^a g.txt
  {"argv":["grep","--","^a","g.txt"],"stdout":"abc\na+b\n","stderr":"","status":0},
  // grep -- a^b g.txt
  {"argv":["grep","--","a^b","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -- 'b$' g.txt
  {"argv":["grep","--","b$","g.txt"],"stdout":"a+b\n","stderr":"","status":0},
  // grep -- 'b$c' g.txt
  {"argv":["grep","--","b$c","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -- '[[:alpha:]]+' g.txt
  {"argv":["grep","--","[[:alpha:]]+","g.txt"],"stdout":"a+b\n","stderr":"","status":0},
  // grep -- '[^a-c]' g.txt
  {"argv":["grep","--","[^a-c]","g.txt"],"stdout":"foo(bar)\na+b\n","stderr":"","status":0},
  // grep -- 'o\{2\}' g.txt
  {"argv":["grep","--","o\\{2\\}","g.txt"],"stdout":"foo(bar)\n","stderr":"","status":0},
  // grep -- '\<foo' g.txt
  {"argv":["grep","--","\\<foo","g.txt"],"stdout":"foo(bar)\n","stderr":"","status":0},
  // grep -- 'ar\>' g.txt
  {"argv":["grep","--","ar\\>","g.txt"],"stdout":"foo(bar)\n","stderr":"","status":0},
  // grep -- '\bfoo\b' g.txt
  {"argv":["grep","--","\\bfoo\\b","g.txt"],"stdout":"foo(bar)\n","stderr":"","status":0},
  // grep -- '[]a]' g.txt
  {"argv":["grep","--","[]a]","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep -- '[^]a]' g.txt
  {"argv":["grep","--","[^]a]","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep -- '[a-]' g.txt
  {"argv":["grep","--","[a-]","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep -- '.\+(' g.txt
  {"argv":["grep","--",".\\+(","g.txt"],"stdout":"foo(bar)\n","stderr":"","status":0},
  // grep -- '\.' g.txt
  {"argv":["grep","--","\\.","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -- '[.]' g.txt
  {"argv":["grep","--","[.]","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -- '[\]' g.txt
  {"argv":["grep","--","[\\]","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -- '\(a\)\(b\)\?\1' g.txt
  {"argv":["grep","--","\\(a\\)\\(b\\)\\?\\1","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -E -- 'a(b' g.txt
  {"argv":["grep","-E","--","a(b","g.txt"],"stdout":"","stderr":"grep: Unmatched ( or \\(\n","status":2},
  // grep -E -- 'a)' g.txt
  {"argv":["grep","-E","--","a)","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -E -- '(' g.txt
  {"argv":["grep","-E","--","(","g.txt"],"stdout":"","stderr":"grep: Unmatched ( or \\(\n","status":2},
  // grep -E -- '{1' g.txt
  {"argv":["grep","-E","--","{1","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -E -- 'a{1' g.txt
  {"argv":["grep","-E","--","a{1","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -E -- 'a{1,x}' g.txt
  {"argv":["grep","-E","--","a{1,x}","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -E -- +a g.txt
  {"argv":["grep","-E","--","+a","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"grep: warning: + at start of expression\n","status":0},
  // grep -E -- 'a\' g.txt
  {"argv":["grep","-E","--","a\\","g.txt"],"stdout":"","stderr":"grep: Trailing backslash\n","status":2},
  // grep -E -- '*b' g.txt
  {"argv":["grep","-E","--","*b","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"grep: warning: * at start of expression\n","status":0},
  // grep -E -- '()' g.txt
  {"argv":["grep","-E","--","()","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep -E -- 'a{,2}' g.txt
  {"argv":["grep","-E","--","a{,2}","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep -E -- '(a)\2' g.txt
  {"argv":["grep","-E","--","(a)\\2","g.txt"],"stdout":"","stderr":"grep: Invalid back reference\n","status":2},
  // grep -E -- 'a{1}{2}' g.txt
  {"argv":["grep","-E","--","a{1}{2}","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -E -- '^*' g.txt
  {"argv":["grep","-E","--","^*","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"grep: warning: * at start of expression\n","status":0},
  // grep -E -- 'a{99999}' g.txt
  {"argv":["grep","-E","--","a{99999}","g.txt"],"stdout":"","stderr":"grep: Regular expression too big\n","status":2},
  // grep -E -- a g.txt
  {"argv":["grep","-E","--","a","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep -E -- b g.txt
  {"argv":["grep","-E","--","b","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep -E -- '(a' g.txt
  {"argv":["grep","-E","--","(a","g.txt"],"stdout":"","stderr":"grep: Unmatched ( or \\(\n","status":2},
  // grep -E -- 'b)c' g.txt
  {"argv":["grep","-E","--","b)c","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -E -- 'o{2}' g.txt
  {"argv":["grep","-E","--","o{2}","g.txt"],"stdout":"foo(bar)\n","stderr":"","status":0},
  // grep -E -- a+b g.txt
  {"argv":["grep","-E","--","a+b","g.txt"],"stdout":"abc\n","stderr":"","status":0},
  // grep -E -- 'a\+b' g.txt
  {"argv":["grep","-E","--","a\\+b","g.txt"],"stdout":"a+b\n","stderr":"","status":0},
  // grep -E -- '[[:digit:]]' g.txt
  {"argv":["grep","-E","--","[[:digit:]]","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -E -- '[[:punct:]]' g.txt
  {"argv":["grep","-E","--","[[:punct:]]","g.txt"],"stdout":"foo(bar)\na+b\n","stderr":"","status":0},
  // grep -E -- 'foo\(' g.txt
  {"argv":["grep","-E","--","foo\\(","g.txt"],"stdout":"foo(bar)\n","stderr":"","status":0},
  // grep -E -- 'x?y' g.txt
  {"argv":["grep","-E","--","x?y","g.txt"],"stdout":"","stderr":"","status":1},
  // grep -E -- '(a)(b)?\1' g.txt
  {"argv":["grep","-E","--","(a)(b)?\\1","g.txt"],"stdout":"","stderr":"","status":1},
  // grep
  {"argv":["grep"],"stdout":"","stderr":"Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n","status":2},
  // grep -k x
  {"argv":["grep","-k","x"],"stdout":"","stderr":"grep: invalid option -- 'k'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n","status":2},
  // grep --foo x
  {"argv":["grep","--foo","x"],"stdout":"","stderr":"grep: unrecognized option '--foo'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n","status":2},
  // grep -m x a c.txt
  {"argv":["grep","-m","x","a","c.txt"],"stdout":"","stderr":"grep: invalid max count\n","status":2},
  // grep -A x a c.txt
  {"argv":["grep","-A","x","a","c.txt"],"stdout":"","stderr":"grep: x: invalid context length argument\n","status":2},
  // grep -P a c.txt
  {"argv":["grep","-P","a","c.txt"],"stdout":"abc\nabc\nabc\n","stderr":"","status":0},
  // grep -E -F a c.txt
  {"argv":["grep","-E","-F","a","c.txt"],"stdout":"","stderr":"grep: conflicting matchers specified\n","status":2},
  // grep -f nope a
  {"argv":["grep","-f","nope","a"],"stdout":"","stderr":"grep: nope: No such file or directory\n","status":2},
  // grep -c abc c.txt g.txt nope
  {"argv":["grep","-c","abc","c.txt","g.txt","nope"],"stdout":"c.txt:3\ng.txt:1\n","stderr":"grep: nope: No such file or directory\n","status":2},
  // grep -L abc nope g.txt c.txt
  {"argv":["grep","-L","abc","nope","g.txt","c.txt"],"stdout":"","stderr":"grep: nope: No such file or directory\n","status":2},
  // grep abc bin.dat
  {"argv":["grep","abc","bin.dat"],"stdout":"","stderr":"grep: bin.dat: binary file matches\n","status":0},
  // grep -c abc bin.dat
  {"argv":["grep","-c","abc","bin.dat"],"stdout":"2\n","stderr":"","status":0},
  // grep -o abc bin.dat
  {"argv":["grep","-o","abc","bin.dat"],"stdout":"","stderr":"grep: bin.dat: binary file matches\n","status":0},
  // grep -l abc bin.dat
  {"argv":["grep","-l","abc","bin.dat"],"stdout":"bin.dat\n","stderr":"","status":0},
  // grep -n x bin.dat g.txt
  {"argv":["grep","-n","x","bin.dat","g.txt"],"stdout":"","stderr":"grep: bin.dat: binary file matches\n","status":0},
  // grep -a abc bin.dat
  {"argv":["grep","-a","abc","bin.dat"],"stdout":"abc\u0000def\nxyz abc\n","stderr":"","status":0},
  // grep -n -C1 abc c.txt
  {"argv":["grep","-n","-C1","abc","c.txt"],"stdout":"1-x\n2:abc\n3-d\n4-e\n5:abc\n6-f\n--\n8-h\n9:abc\n","stderr":"","status":0},
  // grep -A1 -m2 abc c.txt
  {"argv":["grep","-A1","-m2","abc","c.txt"],"stdout":"abc\nd\n--\nabc\nf\n","stderr":"","status":0},
  // grep -B2 e c.txt
  {"argv":["grep","-B2","e","c.txt"],"stdout":"abc\nd\ne\n","stderr":"","status":0},
  // grep -c -m2 abc c.txt
  {"argv":["grep","-c","-m2","abc","c.txt"],"stdout":"2\n","stderr":"","status":0},
  // grep -l zzz c.txt
  {"argv":["grep","-l","zzz","c.txt"],"stdout":"","stderr":"","status":1},
  // grep abc rd
  {"argv":["grep","abc","rd"],"stdout":"","stderr":"grep: rd: Is a directory\n","status":2},
  // grep -rh abc rd
  {"argv":["grep","-rh","abc","rd"],"stdout":"abc\nabc\n","stderr":"","status":0},
  // grep -s abc nope
  {"argv":["grep","-s","abc","nope"],"stdout":"","stderr":"","status":2},
  // grep -q abc nope c.txt
  {"argv":["grep","-q","abc","nope","c.txt"],"stdout":"","stderr":"grep: nope: No such file or directory\n","status":0},
  // grep -bo b c.txt g.txt
  {"argv":["grep","-bo","b","c.txt","g.txt"],"stdout":"c.txt:3:b\nc.txt:11:b\nc.txt:21:b\ng.txt:1:b\ng.txt:8:b\ng.txt:15:b\n","stderr":"","status":0},
  // grep -b a g.txt
  {"argv":["grep","-b","a","g.txt"],"stdout":"0:abc\n4:foo(bar)\n13:a+b\n","stderr":"","status":0},
  // grep -e a -e '' c.txt
  {"argv":["grep","-e","a","-e","","c.txt"],"stdout":"x\nabc\nd\ne\nabc\nf\ng\nh\nabc\n","stderr":"","status":0},
  // grep -f empty.txt c.txt
  {"argv":["grep","-f","empty.txt","c.txt"],"stdout":"","stderr":"","status":1},
  // grep -w ab c.txt
  {"argv":["grep","-w","ab","c.txt"],"stdout":"","stderr":"","status":1},
  // grep -x abc c.txt
  {"argv":["grep","-x","abc","c.txt"],"stdout":"abc\nabc\nabc\n","stderr":"","status":0},
  // grep -ow 'abc\|x' c.txt
  {"argv":["grep","-ow","abc\\|x","c.txt"],"stdout":"x\nabc\nabc\nabc\n","stderr":"","status":0},
  // grep --colour=never -c abc c.txt
  {"argv":["grep","--colour=never","-c","abc","c.txt"],"stdout":"3\n","stderr":"","status":0},
  // grep -y ABC c.txt
  {"argv":["grep","-y","ABC","c.txt"],"stdout":"abc\nabc\nabc\n","stderr":"","status":0},
  // grep -i ABC c.txt
  {"argv":["grep","-i","ABC","c.txt"],"stdout":"abc\nabc\nabc\n","stderr":"","status":0},
  // grep -vn abc c.txt
  {"argv":["grep","-vn","abc","c.txt"],"stdout":"1:x\n3:d\n4:e\n6:f\n7:g\n8:h\n","stderr":"","status":0},
  // grep -vc abc c.txt
  {"argv":["grep","-vc","abc","c.txt"],"stdout":"6\n","stderr":"","status":0},
  // grep -H abc c.txt
  {"argv":["grep","-H","abc","c.txt"],"stdout":"c.txt:abc\nc.txt:abc\nc.txt:abc\n","stderr":"","status":0},
  // grep -h abc c.txt g.txt
  {"argv":["grep","-h","abc","c.txt","g.txt"],"stdout":"abc\nabc\nabc\nabc\n","stderr":"","status":0},
  // grep -Z -l abc c.txt g.txt
  {"argv":["grep","-Z","-l","abc","c.txt","g.txt"],"stdout":"c.txt\u0000g.txt\u0000","stderr":"","status":0},
  // grep -2 e c.txt
  {"argv":["grep","-2","e","c.txt"],"stdout":"abc\nd\ne\nabc\nf\n","stderr":"","status":0},
  // grep -F a+b g.txt
  {"argv":["grep","-F","a+b","g.txt"],"stdout":"a+b\n","stderr":"","status":0},
  // grep -F -x abc g.txt
  {"argv":["grep","-F","-x","abc","g.txt"],"stdout":"abc\n","stderr":"","status":0},
  // grep -Fw a g.txt
  {"argv":["grep","-Fw","a","g.txt"],"stdout":"a+b\n","stderr":"","status":0},
  // grep -on a. g.txt c.txt
  {"argv":["grep","-on","a.","g.txt","c.txt"],"stdout":"g.txt:1:ab\ng.txt:2:ar\ng.txt:3:a+\nc.txt:2:ab\nc.txt:5:ab\nc.txt:9:ab\n","stderr":"","status":0},
  // grep -oE 'a|ab|abc' g.txt
  {"argv":["grep","-oE","a|ab|abc","g.txt"],"stdout":"abc\na\na\n","stderr":"","status":0},
  // grep -o 'b*' g.txt
  {"argv":["grep","-o","b*","g.txt"],"stdout":"b\nb\nb\n","stderr":"","status":0},
  // grep -E fo+ --label=foo -H
  {"argv":["grep","-E","fo+","--label=foo","-H"],"stdout":"","stderr":"","status":1},
  // grep x nonl.txt
  {"argv":["grep","x","nonl.txt"],"stdout":"x\n","stderr":"","status":0},
  // grep y nonl.txt
  {"argv":["grep","y","nonl.txt"],"stdout":"y\n","stderr":"","status":0},
  // grep -c y nonl.txt empty.txt
  {"argv":["grep","-c","y","nonl.txt","empty.txt"],"stdout":"nonl.txt:1\nempty.txt:0\n","stderr":"","status":0},
  // grep -L y nonl.txt empty.txt
  {"argv":["grep","-L","y","nonl.txt","empty.txt"],"stdout":"empty.txt\n","stderr":"","status":0},
  // grep the words.txt
  {"argv":["grep","the","words.txt"],"stdout":"the quick brown fox\njumps over  the lazy dog\n","stderr":"","status":0},
  // grep -in the words.txt
  {"argv":["grep","-in","the","words.txt"],"stdout":"1:the quick brown fox\n2:jumps over  the lazy dog\n5:The End\n","stderr":"","status":0},
  // grep -w the words.txt
  {"argv":["grep","-w","the","words.txt"],"stdout":"the quick brown fox\njumps over  the lazy dog\n","stderr":"","status":0},
  // grep '[[:upper:]]' words.txt
  {"argv":["grep","[[:upper:]]","words.txt"],"stdout":"The End\n","stderr":"","status":0},
  // grep -E '\s{2}' words.txt
  {"argv":["grep","-E","\\s{2}","words.txt"],"stdout":"jumps over  the lazy dog\n  tabs\there\n","stderr":"","status":0},
  // grep -c '' words.txt
  {"argv":["grep","-c","","words.txt"],"stdout":"5\n","stderr":"","status":0},
  // grep -v . words.txt
  {"argv":["grep","-v",".","words.txt"],"stdout":"\n","stderr":"","status":0},
  // grep -n '^$' words.txt
  {"argv":["grep","-n","^$","words.txt"],"stdout":"3:\n","stderr":"","status":0},
  // grep 'o\{2,\}' a.txt b.txt
  {"argv":["grep","o\\{2,\\}","a.txt","b.txt"],"stdout":"","stderr":"","status":1},
  // grep -E 'e{2}|v' a.txt
  {"argv":["grep","-E","e{2}|v","a.txt"],"stdout":"three\nfive\nseven\neleven\ntwelve\n","stderr":"","status":0},
  // grep -m1 -c e a.txt
  {"argv":["grep","-m1","-c","e","a.txt"],"stdout":"1\n","stderr":"","status":0},
  // grep -m 0 e a.txt
  {"argv":["grep","-m","0","e","a.txt"],"stdout":"","stderr":"","status":1},
  // grep -oi 'T[a-z]*' words.txt
  {"argv":["grep","-oi","T[a-z]*","words.txt"],"stdout":"the\nthe\ntabs\nThe\n","stderr":"","status":0},
  // grep -lr in dir
  {"argv":["grep","-lr","in","dir"],"stdout":"dir/f.txt\n","stderr":"","status":0},
  // grep -e
  {"argv":["grep","-e"],"stdout":"","stderr":"grep: option requires an argument -- 'e'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n","status":2},
  // grep -x -e '' empty.txt words.txt
  {"argv":["grep","-x","-e","","empty.txt","words.txt"],"stdout":"words.txt:\n","stderr":"","status":0},
  // grep '$(printf '\''a\nb'\'')' b.txt
  {"argv":["grep","$(printf 'a\\nb')","b.txt"],"stdout":"","stderr":"","status":1},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('grep (captured from the real tools)', () => {
  const base: Record<string, string> = {"c9.txt":"x\nabc\nd\n","g.txt":"abc\nfoo(bar)\na+b\n"};
  const cases: Case[] = [
  // grep -T -n abc c9.txt
  {"argv":["grep","-T","-n","abc","c9.txt"],"stdout":"2:\tabc\n","stderr":"","status":0},
  // grep -T abc c9.txt c9.txt
  {"argv":["grep","-T","abc","c9.txt","c9.txt"],"stdout":"c9.txt:\tabc\nc9.txt:\tabc\n","stderr":"","status":0},
  // grep -T -H -n -b abc c9.txt
  {"argv":["grep","-T","-H","-n","-b","abc","c9.txt"],"stdout":"c9.txt:2:2:\tabc\n","stderr":"","status":0},
  // grep -T abc c9.txt
  {"argv":["grep","-T","abc","c9.txt"],"stdout":"abc\n","stderr":"","status":0},
  // grep --color=always -n b c9.txt g.txt
  {"argv":["grep","--color=always","-n","b","c9.txt","g.txt"],"stdout":"\u001b[35m\u001b[Kc9.txt\u001b[m\u001b[K\u001b[36m\u001b[K:\u001b[m\u001b[K\u001b[32m\u001b[K2\u001b[m\u001b[K\u001b[36m\u001b[K:\u001b[m\u001b[Ka\u001b[01;31m\u001b[Kb\u001b[m\u001b[Kc\n\u001b[35m\u001b[Kg.txt\u001b[m\u001b[K\u001b[36m\u001b[K:\u001b[m\u001b[K\u001b[32m\u001b[K1\u001b[m\u001b[K\u001b[36m\u001b[K:\u001b[m\u001b[Ka\u001b[01;31m\u001b[Kb\u001b[m\u001b[Kc\n\u001b[35m\u001b[Kg.txt\u001b[m\u001b[K\u001b[36m\u001b[K:\u001b[m\u001b[K\u001b[32m\u001b[K2\u001b[m\u001b[K\u001b[36m\u001b[K:\u001b[m\u001b[Kfoo(\u001b[01;31m\u001b[Kb\u001b[m\u001b[Kar)\n\u001b[35m\u001b[Kg.txt\u001b[m\u001b[K\u001b[36m\u001b[K:\u001b[m\u001b[K\u001b[32m\u001b[K3\u001b[m\u001b[K\u001b[36m\u001b[K:\u001b[m\u001b[Ka+\u001b[01;31m\u001b[Kb\u001b[m\u001b[K\n","stderr":"","status":0},
  // grep --color=always -o -n b c9.txt
  {"argv":["grep","--color=always","-o","-n","b","c9.txt"],"stdout":"\u001b[32m\u001b[K2\u001b[m\u001b[K\u001b[36m\u001b[K:\u001b[m\u001b[K\u001b[01;31m\u001b[Kb\u001b[m\u001b[K\n","stderr":"","status":0},
  // grep --color=always -C1 -n b c9.txt
  {"argv":["grep","--color=always","-C1","-n","b","c9.txt"],"stdout":"\u001b[32m\u001b[K1\u001b[m\u001b[K\u001b[36m\u001b[K-\u001b[m\u001b[Kx\n\u001b[32m\u001b[K2\u001b[m\u001b[K\u001b[36m\u001b[K:\u001b[m\u001b[Ka\u001b[01;31m\u001b[Kb\u001b[m\u001b[Kc\n\u001b[32m\u001b[K3\u001b[m\u001b[K\u001b[36m\u001b[K-\u001b[m\u001b[Kd\n","stderr":"","status":0},
  // grep --color=always -c b c9.txt g.txt
  {"argv":["grep","--color=always","-c","b","c9.txt","g.txt"],"stdout":"\u001b[35m\u001b[Kc9.txt\u001b[m\u001b[K\u001b[36m\u001b[K:\u001b[m\u001b[K1\n\u001b[35m\u001b[Kg.txt\u001b[m\u001b[K\u001b[36m\u001b[K:\u001b[m\u001b[K3\n","stderr":"","status":0},
  // grep --color=always -l b c9.txt
  {"argv":["grep","--color=always","-l","b","c9.txt"],"stdout":"\u001b[35m\u001b[Kc9.txt\u001b[m\u001b[K\n","stderr":"","status":0},
  // grep --color=always -v b c9.txt
  {"argv":["grep","--color=always","-v","b","c9.txt"],"stdout":"x\nd\n","stderr":"","status":0},
  // grep --color=always 'x*' c9.txt
  {"argv":["grep","--color=always","x*","c9.txt"],"stdout":"\u001b[01;31m\u001b[Kx\u001b[m\u001b[K\nabc\nd\n","stderr":"","status":0},
  // grep --color=always -E 'a|b' g.txt
  {"argv":["grep","--color=always","-E","a|b","g.txt"],"stdout":"\u001b[01;31m\u001b[Ka\u001b[m\u001b[K\u001b[01;31m\u001b[Kb\u001b[m\u001b[Kc\nfoo(\u001b[01;31m\u001b[Kb\u001b[m\u001b[K\u001b[01;31m\u001b[Ka\u001b[m\u001b[Kr)\n\u001b[01;31m\u001b[Ka\u001b[m\u001b[K+\u001b[01;31m\u001b[Kb\u001b[m\u001b[K\n","stderr":"","status":0},
  // grep --color=auto b g.txt
  {"argv":["grep","--color=auto","b","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep --color b g.txt
  {"argv":["grep","--color","b","g.txt"],"stdout":"abc\nfoo(bar)\na+b\n","stderr":"","status":0},
  // grep --colour=always -i B g.txt
  {"argv":["grep","--colour=always","-i","B","g.txt"],"stdout":"a\u001b[01;31m\u001b[Kb\u001b[m\u001b[Kc\nfoo(\u001b[01;31m\u001b[Kb\u001b[m\u001b[Kar)\na+\u001b[01;31m\u001b[Kb\u001b[m\u001b[K\n","stderr":"","status":0},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('sed (captured from the real tools)', () => {
  const base: Record<string, string> = {"s1":"a\nb\n","s2":"c\nd\n","h.txt":"hello world\nfoo bar\nbaz\n"};
  const cases: Case[] = [
  // sed
  {"argv":["sed"],"stdout":"","stderr":"Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n  -n, --quiet, --silent\n                 suppress automatic printing of pattern space\n      --debug\n                 annotate program execution\n  -e script, --expression=script\n                 add the script to the commands to be executed\n  -f script-file, --file=script-file\n                 add the contents of script-file to the commands to be executed\n  --follow-symlinks\n                 follow symlinks when processing in place\n  -i[SUFFIX], --in-place[=SUFFIX]\n                 edit files in place (makes backup if SUFFIX supplied)\n  -l N, --line-length=N\n                 specify the desired line-wrap length for the `l' command\n  --posix\n                 disable all GNU extensions.\n  -E, -r, --regexp-extended\n                 use extended regular expressions in the script\n                 (for portability use POSIX -E).\n  -s, --separate\n                 consider files as separate rather than as a single,\n                 continuous long stream.\n      --sandbox\n                 operate in sandbox mode (disable e/r/w commands).\n  -u, --unbuffered\n                 load minimal amounts of data from the input files and flush\n                 the output buffers more often\n  -z, --null-data\n                 separate lines by NUL characters\n      --help     display this help and exit\n      --version  output version information and exit\n\nIf no -e, --expression, -f, or --file option is given, then the first\nnon-option argument is taken as the sed script to interpret.  All\nremaining arguments are names of input files; if no input files are\nspecified, then the standard input is read.\n\nGNU sed home page: <https://www.gnu.org/software/sed/>.\nGeneral help using GNU software: <https://www.gnu.org/gethelp/>.\n","status":1},
  // sed -s -n '1p;$p' s1 s2
  {"argv":["sed","-s","-n","1p;$p","s1","s2"],"stdout":"a\nb\nc\nd\n","stderr":"","status":0},
  // sed -n '$=' s1 s2
  {"argv":["sed","-n","$=","s1","s2"],"stdout":"4\n","stderr":"","status":0},
  // sed -s F s1 s2
  {"argv":["sed","-s","F","s1","s2"],"stdout":"s1\na\ns1\nb\ns2\nc\ns2\nd\n","stderr":"","status":0},
  // printf 'baaac\n' | sed 's/a*/x/g'
  {"argv":["sed","s/a*/x/g"],"stdin":"baaac\n","stdout":"xbxcx\n","stderr":"","status":0},
  // printf 'abc\n' | sed 's/x*/-/g'
  {"argv":["sed","s/x*/-/g"],"stdin":"abc\n","stdout":"-a-b-c-\n","stderr":"","status":0},
  // printf 'hello\n' | sed 's/l*/X/2'
  {"argv":["sed","s/l*/X/2"],"stdin":"hello\n","stdout":"hXello\n","stderr":"","status":0},
  // printf 'a' | sed p
  {"argv":["sed","p"],"stdin":"a","stdout":"a\na","stderr":"","status":0},
  // sed 'a\  foo' s1
  {"argv":["sed","a\\  foo","s1"],"stdout":"a\n  foo\nb\n  foo\n","stderr":"","status":0},
  // sed 'a   foo' s1
  {"argv":["sed","a   foo","s1"],"stdout":"a\nfoo\nb\nfoo\n","stderr":"","status":0},
  // sed '1i\' s1
  {"argv":["sed","1i\\","s1"],"stdout":"a\nb\n","stderr":"","status":0},
  // sed -e 'a\' -e X s1
  {"argv":["sed","-e","a\\","-e","X","s1"],"stdout":"a\nX\nb\nX\n","stderr":"","status":0},
  // sed y/abc/xy/ s1
  {"argv":["sed","y/abc/xy/","s1"],"stdout":"","stderr":"sed: -e expression #1, char 9: strings for `y' command are different lengths\n","status":1},
  // sed s/a/b s1
  {"argv":["sed","s/a/b","s1"],"stdout":"","stderr":"sed: -e expression #1, char 5: unterminated `s' command\n","status":1},
  // sed k s1
  {"argv":["sed","k","s1"],"stdout":"","stderr":"sed: -e expression #1, char 1: unknown command: `k'\n","status":1},
  // sed /a/, s1
  {"argv":["sed","/a/,","s1"],"stdout":"","stderr":"sed: -e expression #1, char 4: unexpected `,'\n","status":1},
  // sed s/a/b/gg s1
  {"argv":["sed","s/a/b/gg","s1"],"stdout":"","stderr":"sed: -e expression #1, char 8: multiple `g' options to `s' command\n","status":1},
  // sed 's/a/\1/' s1
  {"argv":["sed","s/a/\\1/","s1"],"stdout":"","stderr":"sed: -e expression #1, char 7: invalid reference \\1 on `s' command's RHS\n","status":1},
  // sed 'b foo' s1
  {"argv":["sed","b foo","s1"],"stdout":"","stderr":"sed: can't find label for jump to `foo'\n","status":4},
  // sed '}' s1
  {"argv":["sed","}","s1"],"stdout":"","stderr":"sed: -e expression #1, char 1: unexpected `}'\n","status":1},
  // sed '{p' s1
  {"argv":["sed","{p","s1"],"stdout":"","stderr":"sed: -e expression #1, char 0: unmatched `{'\n","status":1},
  // sed 'p x' s1
  {"argv":["sed","p x","s1"],"stdout":"","stderr":"sed: -e expression #1, char 3: extra characters after command\n","status":1},
  // sed 0p s1
  {"argv":["sed","0p","s1"],"stdout":"","stderr":"sed: -e expression #1, char 2: invalid usage of line address 0\n","status":1},
  // sed -n 0,/a/p s1
  {"argv":["sed","-n","0,/a/p","s1"],"stdout":"a\n","stderr":"","status":0},
  // sed ': ' s1
  {"argv":["sed",": ","s1"],"stdout":"","stderr":"sed: -e expression #1, char 2: \":\" lacks a label\n","status":1},
  // sed '1~0p' s1
  {"argv":["sed","1~0p","s1"],"stdout":"a\na\nb\n","stderr":"","status":0},
  // sed nope s1
  {"argv":["sed","nope","s1"],"stdout":"","stderr":"sed: -e expression #1, char 2: extra characters after command\n","status":1},
  // sed p nope s1
  {"argv":["sed","p","nope","s1"],"stdout":"a\na\nb\nb\n","stderr":"sed: can't read nope: No such file or directory\n","status":2},
  // printf 'a\n' | sed n
  {"argv":["sed","n"],"stdin":"a\n","stdout":"a\n","stderr":"","status":0},
  // printf 'a\n' | sed N
  {"argv":["sed","N"],"stdin":"a\n","stdout":"a\n","stderr":"","status":0},
  // printf 'a\nb\nc\n' | sed '$!N;s/\n/-/'
  {"argv":["sed","$!N;s/\\n/-/"],"stdin":"a\nb\nc\n","stdout":"a-b\nc\n","stderr":"","status":0},
  // printf 'a\tb\\c\001\n' | sed -n l
  {"argv":["sed","-n","l"],"stdin":"a\tb\\c\u0001\n","stdout":"a\\tb\\\\c\\001$\n","stderr":"","status":0},
  // sed 's/\(hello\) \(world\)/\u\2 \U\1\E!/' h.txt
  {"argv":["sed","s/\\(hello\\) \\(world\\)/\\u\\2 \\U\\1\\E!/","h.txt"],"stdout":"World HELLO!\nfoo bar\nbaz\n","stderr":"","status":0},
  // sed -E 's/(\w+) (\w+)/\2 \1/' h.txt
  {"argv":["sed","-E","s/(\\w+) (\\w+)/\\2 \\1/","h.txt"],"stdout":"world hello\nbar foo\nbaz\n","stderr":"","status":0},
  // printf 'a\nb\nc\n' | sed 2q
  {"argv":["sed","2q"],"stdin":"a\nb\nc\n","stdout":"a\nb\n","stderr":"","status":0},
  // printf 'a\nb\n' | sed 1Q5
  {"argv":["sed","1Q5"],"stdin":"a\nb\n","stdout":"","stderr":"","status":5},
  // printf 'a\nb\nc\n' | sed -n '2{p;p}'
  {"argv":["sed","-n","2{p;p}"],"stdin":"a\nb\nc\n","stdout":"b\nb\n","stderr":"","status":0},
  // printf 'a\nb\nc\n' | sed '1!G;h;$!d'
  {"argv":["sed","1!G;h;$!d"],"stdin":"a\nb\nc\n","stdout":"c\nb\na\n","stderr":"","status":0},
  // printf 'a.b\n' | sed 's|\.|/|'
  {"argv":["sed","s|\\.|/|"],"stdin":"a.b\n","stdout":"a/b\n","stderr":"","status":0},
  // printf 'aaa\n' | sed s/a/b/2g
  {"argv":["sed","s/a/b/2g"],"stdin":"aaa\n","stdout":"abb\n","stderr":"","status":0},
  // printf 'a\nb\n' | sed =
  {"argv":["sed","="],"stdin":"a\nb\n","stdout":"1\na\n2\nb\n","stderr":"","status":0},
  // printf 'a\nb\nc\nd\n' | sed -n /b/,/c/p
  {"argv":["sed","-n","/b/,/c/p"],"stdin":"a\nb\nc\nd\n","stdout":"b\nc\n","stderr":"","status":0},
  // printf 'a\nb\nc\n' | sed -n 2,1p
  {"argv":["sed","-n","2,1p"],"stdin":"a\nb\nc\n","stdout":"b\n","stderr":"","status":0},
  // printf 'l1\nl2\nl3\nl4\n' | sed -n '1~2p'
  {"argv":["sed","-n","1~2p"],"stdin":"l1\nl2\nl3\nl4\n","stdout":"l1\nl3\n","stderr":"","status":0},
  // printf 'l1\nl2\nl3\nl4\n' | sed -n 2,+1p
  {"argv":["sed","-n","2,+1p"],"stdin":"l1\nl2\nl3\nl4\n","stdout":"l2\nl3\n","stderr":"","status":0},
  // printf 'l1\nl2\nl3\nl4\nl5\n' | sed -n '2,~4p'
  {"argv":["sed","-n","2,~4p"],"stdin":"l1\nl2\nl3\nl4\nl5\n","stdout":"l2\nl3\nl4\n","stderr":"","status":0},
  // printf 'abc\n' | sed 'y/abc/\n\t\\/'
  {"argv":["sed","y/abc/\\n\\t\\\\/"],"stdin":"abc\n","stdout":"\n\t\\\n","stderr":"","status":0},
  // sed -n /foo/p h.txt
  {"argv":["sed","-n","/foo/p","h.txt"],"stdout":"foo bar\n","stderr":"","status":0},
  // sed /foo/d h.txt
  {"argv":["sed","/foo/d","h.txt"],"stdout":"hello world\nbaz\n","stderr":"","status":0},
  // sed 2d h.txt
  {"argv":["sed","2d","h.txt"],"stdout":"hello world\nbaz\n","stderr":"","status":0},
  // sed '$d' h.txt
  {"argv":["sed","$d","h.txt"],"stdout":"hello world\nfoo bar\n","stderr":"","status":0},
  // sed 1,2s/o/0/g h.txt
  {"argv":["sed","1,2s/o/0/g","h.txt"],"stdout":"hell0 w0rld\nf00 bar\nbaz\n","stderr":"","status":0},
  // sed -e s/o/0/ -e s/a/4/ h.txt
  {"argv":["sed","-e","s/o/0/","-e","s/a/4/","h.txt"],"stdout":"hell0 world\nf0o b4r\nb4z\n","stderr":"","status":0},
  // sed 's/o/0/;s/a/4/' h.txt
  {"argv":["sed","s/o/0/;s/a/4/","h.txt"],"stdout":"hell0 world\nf0o b4r\nb4z\n","stderr":"","status":0},
  // sed -n s/o/0/p h.txt
  {"argv":["sed","-n","s/o/0/p","h.txt"],"stdout":"hell0 world\nf0o bar\n","stderr":"","status":0},
  // sed s/O/0/Ig h.txt
  {"argv":["sed","s/O/0/Ig","h.txt"],"stdout":"hell0 w0rld\nf00 bar\nbaz\n","stderr":"","status":0},
  // sed '/^foo/!s/o/X/' h.txt
  {"argv":["sed","/^foo/!s/o/X/","h.txt"],"stdout":"hellX world\nfoo bar\nbaz\n","stderr":"","status":0},
  // sed '2i\inserted' h.txt
  {"argv":["sed","2i\\inserted","h.txt"],"stdout":"hello world\ninserted\nfoo bar\nbaz\n","stderr":"","status":0},
  // sed '2a appended' h.txt
  {"argv":["sed","2a appended","h.txt"],"stdout":"hello world\nfoo bar\nappended\nbaz\n","stderr":"","status":0},
  // sed '2c\changed' h.txt
  {"argv":["sed","2c\\changed","h.txt"],"stdout":"hello world\nchanged\nbaz\n","stderr":"","status":0},
  // sed '1,2c\changed' h.txt
  {"argv":["sed","1,2c\\changed","h.txt"],"stdout":"changed\nbaz\n","stderr":"","status":0},
  // sed '$a END' h.txt
  {"argv":["sed","$a END","h.txt"],"stdout":"hello world\nfoo bar\nbaz\nEND\n","stderr":"","status":0},
  // sed G h.txt
  {"argv":["sed","G","h.txt"],"stdout":"hello world\n\nfoo bar\n\nbaz\n\n","stderr":"","status":0},
  // sed -n 'h;n;G;p' h.txt
  {"argv":["sed","-n","h;n;G;p","h.txt"],"stdout":"foo bar\nhello world\n","stderr":"","status":0},
  // sed 's/[aeiou]//g' h.txt
  {"argv":["sed","s/[aeiou]//g","h.txt"],"stdout":"hll wrld\nf br\nbz\n","stderr":"","status":0},
  // sed 's/\s\+/_/g' h.txt
  {"argv":["sed","s/\\s\\+/_/g","h.txt"],"stdout":"hello_world\nfoo_bar\nbaz\n","stderr":"","status":0},
  // sed -E 's/(o+)|(a)/[\1\2]/g' h.txt
  {"argv":["sed","-E","s/(o+)|(a)/[\\1\\2]/g","h.txt"],"stdout":"hell[o] w[o]rld\nf[oo] b[a]r\nb[a]z\n","stderr":"","status":0},
  // sed 's/.*/"&"/' h.txt
  {"argv":["sed","s/.*/\"&\"/","h.txt"],"stdout":"\"hello world\"\n\"foo bar\"\n\"baz\"\n","stderr":"","status":0},
  // sed 's/\w\+/<&>/2' h.txt
  {"argv":["sed","s/\\w\\+/<&>/2","h.txt"],"stdout":"hello <world>\nfoo <bar>\nbaz\n","stderr":"","status":0},
  // printf '/usr/local/bin\n' | sed 's:/:|:g'
  {"argv":["sed","s:/:|:g"],"stdin":"/usr/local/bin\n","stdout":"|usr|local|bin\n","stderr":"","status":0},
  // sed -n '/hello/,/foo/{=;p}' h.txt
  {"argv":["sed","-n","/hello/,/foo/{=;p}","h.txt"],"stdout":"1\nhello world\n2\nfoo bar\n","stderr":"","status":0},
  // sed = h.txt
  {"argv":["sed","=","h.txt"],"stdout":"1\nhello world\n2\nfoo bar\n3\nbaz\n","stderr":"","status":0},
  // sed -n '$p' h.txt nonl.txt
  {"argv":["sed","-n","$p","h.txt","nonl.txt"],"stdout":"y","stderr":"","status":0},
  // sed s/y/Y/ nonl.txt
  {"argv":["sed","s/y/Y/","nonl.txt"],"stdout":"x\nY","stderr":"","status":0},
  // sed '$a tail' nonl.txt
  {"argv":["sed","$a tail","nonl.txt"],"stdout":"x\ny\ntail\n","stderr":"","status":0},
  // printf '1\n2\n3\n4\n' | sed 'N;P;D'
  {"argv":["sed","N;P;D"],"stdin":"1\n2\n3\n4\n","stdout":"1\n2\n3\n4\n","stderr":"","status":0},
  // printf '1\n2\n3\n' | sed ':a;N;$!ba;s/\n/,/g'
  {"argv":["sed",":a;N;$!ba;s/\\n/,/g"],"stdin":"1\n2\n3\n","stdout":"1,2,3\n","stderr":"","status":0},
  // printf '1\n2\n3\n4\n5\n' | sed -e :a -e '$q;N;3,$D;ba'
  {"argv":["sed","-e",":a","-e","$q;N;3,$D;ba"],"stdin":"1\n2\n3\n4\n5\n","stdout":"4\n5\n","stderr":"","status":0},
  // printf 'aabbcc\n' | sed y/abc/ABC/
  {"argv":["sed","y/abc/ABC/"],"stdin":"aabbcc\n","stdout":"AABBCC\n","stderr":"","status":0},
  // sed --expression=s/a/b/ s1
  {"argv":["sed","--expression=s/a/b/","s1"],"stdout":"b\nb\n","stderr":"","status":0},
  // sed -n --quiet p s1
  {"argv":["sed","-n","--quiet","p","s1"],"stdout":"a\nb\n","stderr":"","status":0},
  // sed -z 's/\n/,/g' s1
  {"argv":["sed","-z","s/\\n/,/g","s1"],"stdout":"a,b,","stderr":"","status":0},
  // printf 'abc\n' | sed -E 's/a|ab/X/'
  {"argv":["sed","-E","s/a|ab/X/"],"stdin":"abc\n","stdout":"Xc\n","stderr":"","status":0},
  // printf 'abc\n' | sed 's/a\|ab/X/'
  {"argv":["sed","s/a\\|ab/X/"],"stdin":"abc\n","stdout":"Xc\n","stderr":"","status":0},
  // printf 'abbb\n' | sed 's/b*$//'
  {"argv":["sed","s/b*$//"],"stdin":"abbb\n","stdout":"a\n","stderr":"","status":0},
  // sed 's/^/> /' s1
  {"argv":["sed","s/^/> /","s1"],"stdout":"> a\n> b\n","stderr":"","status":0},
  // sed 's/$/ </' s1
  {"argv":["sed","s/$/ </","s1"],"stdout":"a <\nb <\n","stderr":"","status":0},
  // sed '/a/{s//X/;}' s1
  {"argv":["sed","/a/{s//X/;}","s1"],"stdout":"X\nb\n","stderr":"","status":0},
  // sed s//X/ s1
  {"argv":["sed","s//X/","s1"],"stdout":"","stderr":"sed: -e expression #1, char 0: no previous regular expression\n","status":1},
  // printf 'a1\nb22\nc333\n' | sed -n '/[0-9]\{2\}/p'
  {"argv":["sed","-n","/[0-9]\\{2\\}/p"],"stdin":"a1\nb22\nc333\n","stdout":"b22\nc333\n","stderr":"","status":0},
  // printf 'a1\nb22\nc333\n' | sed -r 's/[0-9]{2}/NN/'
  {"argv":["sed","-r","s/[0-9]{2}/NN/"],"stdin":"a1\nb22\nc333\n","stdout":"a1\nbNN\ncNN3\n","stderr":"","status":0},
  // sed 'r s2' s1
  {"argv":["sed","r s2","s1"],"stdout":"a\nc\nd\nb\nc\nd\n","stderr":"","status":0},
  // sed '1r nope' s1
  {"argv":["sed","1r nope","s1"],"stdout":"a\nb\n","stderr":"","status":0},
  // sed 'R s2' s1
  {"argv":["sed","R s2","s1"],"stdout":"a\nc\nb\nd\n","stderr":"","status":0},
  // sed '1w out.txt' s1
  {"argv":["sed","1w out.txt","s1"],"stdout":"a\nb\n","stderr":"","status":0},
  // sed q5 s1
  {"argv":["sed","q5","s1"],"stdout":"a\n","stderr":"","status":5},
  // sed -n '/a/{p;q}' s1
  {"argv":["sed","-n","/a/{p;q}","s1"],"stdout":"a\n","stderr":"","status":0},
  // sed '2!d' h.txt
  {"argv":["sed","2!d","h.txt"],"stdout":"foo bar\n","stderr":"","status":0},
  // printf '1\n2\n3\n4\n' | sed '0~2d'
  {"argv":["sed","0~2d"],"stdin":"1\n2\n3\n4\n","stdout":"1\n3\n","stderr":"","status":0},
  // printf '1\n2\n3\n4\n5\n' | sed 'n;d'
  {"argv":["sed","n;d"],"stdin":"1\n2\n3\n4\n5\n","stdout":"1\n3\n5\n","stderr":"","status":0},
  // sed '$!d' h.txt
  {"argv":["sed","$!d","h.txt"],"stdout":"baz\n","stderr":"","status":0},
  // sed -n /b/= h.txt
  {"argv":["sed","-n","/b/=","h.txt"],"stdout":"2\n3\n","stderr":"","status":0},
  // printf 'abab\n' | sed 's/\(a\)\|b/\1/g'
  {"argv":["sed","s/\\(a\\)\\|b/\\1/g"],"stdin":"abab\n","stdout":"aa\n","stderr":"","status":0},
  // printf 'cat\n' | sed 's/a/\n/'
  {"argv":["sed","s/a/\\n/"],"stdin":"cat\n","stdout":"c\nt\n","stderr":"","status":0},
  // printf 'cat\n' | sed 's/a/\t/'
  {"argv":["sed","s/a/\\t/"],"stdin":"cat\n","stdout":"c\tt\n","stderr":"","status":0},
  // printf 'cat\n' | sed 's/\n//'
  {"argv":["sed","s/\\n//"],"stdin":"cat\n","stdout":"cat\n","stderr":"","status":0},
  // printf 'cat\n' | sed 's/t/&&/;s/c/\&/'
  {"argv":["sed","s/t/&&/;s/c/\\&/"],"stdin":"cat\n","stdout":"&att\n","stderr":"","status":0},
  // sed 's/./\U&/' h.txt
  {"argv":["sed","s/./\\U&/","h.txt"],"stdout":"Hello world\nFoo bar\nBaz\n","stderr":"","status":0},
  // sed 's/\b./\u&/g' h.txt
  {"argv":["sed","s/\\b./\\u&/g","h.txt"],"stdout":"Hello World\nFoo Bar\nBaz\n","stderr":"","status":0},
  // printf 'foo boo zoo\n' | sed s/o/0/3
  {"argv":["sed","s/o/0/3"],"stdin":"foo boo zoo\n","stdout":"foo b0o zoo\n","stderr":"","status":0},
  // sed -n '2{p' s1
  {"argv":["sed","-n","2{p","s1"],"stdout":"","stderr":"sed: -e expression #1, char 0: unmatched `{'\n","status":1},
  // sed y/ab/c/ s1
  {"argv":["sed","y/ab/c/","s1"],"stdout":"","stderr":"sed: -e expression #1, char 7: strings for `y' command are different lengths\n","status":1},
  // sed s/a/b/x s1
  {"argv":["sed","s/a/b/x","s1"],"stdout":"","stderr":"sed: -e expression #1, char 7: unknown option to `s'\n","status":1},
  // sed '3!!p' s1
  {"argv":["sed","3!!p","s1"],"stdout":"","stderr":"sed: -e expression #1, char 3: multiple `!'s\n","status":1},
  // printf 'abcdefghijkl\n' | sed -n 'l 5'
  {"argv":["sed","-n","l 5"],"stdin":"abcdefghijkl\n","stdout":"abcd\\\nefgh\\\nijkl$\n","stderr":"","status":0},
  // sed a s1
  {"argv":["sed","a","s1"],"stdout":"","stderr":"sed: -e expression #1, char 1: expected \\ after `a', `c' or `i'\n","status":1},
  // sed 's/[/x/' s1
  {"argv":["sed","s/[/x/","s1"],"stdout":"","stderr":"sed: -e expression #1, char 6: unterminated `s' command\n","status":1},
  // sed 's/\(/x/' s1
  {"argv":["sed","s/\\(/x/","s1"],"stdout":"","stderr":"sed: -e expression #1, char 7: Unmatched ( or \\(\n","status":1},
  // sed -E 's/(/x/' s1
  {"argv":["sed","-E","s/(/x/","s1"],"stdout":"","stderr":"sed: -e expression #1, char 6: Unmatched ( or \\(\n","status":1},
  // sed '/x/I p' s1
  {"argv":["sed","/x/I p","s1"],"stdout":"a\nb\n","stderr":"","status":0},
  // sed --posix p s1
  {"argv":["sed","--posix","p","s1"],"stdout":"a\na\nb\nb\n","stderr":"","status":0},
  // sed -i s/a/A/ s1
  {"argv":["sed","-i","s/a/A/","s1"],"stdout":"","stderr":"","status":0},
  // sed -x p s1
  {"argv":["sed","-x","p","s1"],"stdout":"","stderr":"sed: invalid option -- 'x'\nUsage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n  -n, --quiet, --silent\n                 suppress automatic printing of pattern space\n      --debug\n                 annotate program execution\n  -e script, --expression=script\n                 add the script to the commands to be executed\n  -f script-file, --file=script-file\n                 add the contents of script-file to the commands to be executed\n  --follow-symlinks\n                 follow symlinks when processing in place\n  -i[SUFFIX], --in-place[=SUFFIX]\n                 edit files in place (makes backup if SUFFIX supplied)\n  -l N, --line-length=N\n                 specify the desired line-wrap length for the `l' command\n  --posix\n                 disable all GNU extensions.\n  -E, -r, --regexp-extended\n                 use extended regular expressions in the script\n                 (for portability use POSIX -E).\n  -s, --separate\n                 consider files as separate rather than as a single,\n                 continuous long stream.\n      --sandbox\n                 operate in sandbox mode (disable e/r/w commands).\n  -u, --unbuffered\n                 load minimal amounts of data from the input files and flush\n                 the output buffers more often\n  -z, --null-data\n                 separate lines by NUL characters\n      --help     display this help and exit\n      --version  output version information and exit\n\nIf no -e, --expression, -f, or --file option is given, then the first\nnon-option argument is taken as the sed script to interpret.  All\nremaining arguments are names of input files; if no input files are\nspecified, then the standard input is read.\n\nGNU sed home page: <https://www.gnu.org/software/sed/>.\nGeneral help using GNU software: <https://www.gnu.org/gethelp/>.\n","status":1},
  // sed -f nope s1
  {"argv":["sed","-f","nope","s1"],"stdout":"","stderr":"sed: couldn't open file nope: No such file or directory\n","status":4},
  // sed
  {"argv":["sed"],"stdout":"","stderr":"Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n  -n, --quiet, --silent\n                 suppress automatic printing of pattern space\n      --debug\n                 annotate program execution\n  -e script, --expression=script\n                 add the script to the commands to be executed\n  -f script-file, --file=script-file\n                 add the contents of script-file to the commands to be executed\n  --follow-symlinks\n                 follow symlinks when processing in place\n  -i[SUFFIX], --in-place[=SUFFIX]\n                 edit files in place (makes backup if SUFFIX supplied)\n  -l N, --line-length=N\n                 specify the desired line-wrap length for the `l' command\n  --posix\n                 disable all GNU extensions.\n  -E, -r, --regexp-extended\n                 use extended regular expressions in the script\n                 (for portability use POSIX -E).\n  -s, --separate\n                 consider files as separate rather than as a single,\n                 continuous long stream.\n      --sandbox\n                 operate in sandbox mode (disable e/r/w commands).\n  -u, --unbuffered\n                 load minimal amounts of data from the input files and flush\n                 the output buffers more often\n  -z, --null-data\n                 separate lines by NUL characters\n      --help     display this help and exit\n      --version  output version information and exit\n\nIf no -e, --expression, -f, or --file option is given, then the first\nnon-option argument is taken as the sed script to interpret.  All\nremaining arguments are names of input files; if no input files are\nspecified, then the standard input is read.\n\nGNU sed home page: <https://www.gnu.org/software/sed/>.\nGeneral help using GNU software: <https://www.gnu.org/gethelp/>.\n","status":1},
  // sed 'a\\n   foo\\nbar' s1
  {"argv":["sed","a\\\n   foo\\\nbar","s1"],"stdout":"a\n   foo\nbar\nb\n   foo\nbar\n","stderr":"","status":0},
  // printf 'x\n' | sed 'c\\nchanged'
  {"argv":["sed","c\\\nchanged"],"stdin":"x\n","stdout":"changed\n","stderr":"","status":0},
  // printf 'x\n' | sed 's/x/a\\nb/'
  {"argv":["sed","s/x/a\\\nb/"],"stdin":"x\n","stdout":"a\nb\n","stderr":"","status":0},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('grep, sed, sort, uniq, wc, head, tail (common course usage)', () => {
  const base: Record<string, string> = {"log.txt":"INFO start\nWARN disk 90%\nERROR failed: x=1\ninfo lower\nERROR again\n\nDEBUG  spaced\tTab\n","p.txt":"a.b\na+b\na*b\n(x)\n[y]\n{z}\nback\\slash\n$HOME\n^caret\n","u.txt":"café\nnaïve\n日本語\nABC\n"};
  const cases: Case[] = [
  // grep -E '^(INFO|WARN)' log.txt
  {"argv":["grep","-E","^(INFO|WARN)","log.txt"],"stdout":"INFO start\nWARN disk 90%\n","stderr":"","status":0},
  // grep -c ERROR log.txt
  {"argv":["grep","-c","ERROR","log.txt"],"stdout":"2\n","stderr":"","status":0},
  // grep -v -e ERROR -e INFO log.txt
  {"argv":["grep","-v","-e","ERROR","-e","INFO","log.txt"],"stdout":"WARN disk 90%\ninfo lower\n\nDEBUG  spaced\tTab\n","stderr":"","status":0},
  // grep -i info log.txt
  {"argv":["grep","-i","info","log.txt"],"stdout":"INFO start\ninfo lower\n","stderr":"","status":0},
  // grep -w ERROR log.txt
  {"argv":["grep","-w","ERROR","log.txt"],"stdout":"ERROR failed: x=1\nERROR again\n","stderr":"","status":0},
  // grep -o '[0-9]\+' log.txt
  {"argv":["grep","-o","[0-9]\\+","log.txt"],"stdout":"90\n1\n","stderr":"","status":0},
  // grep -oE '[A-Z]{4,5}' log.txt
  {"argv":["grep","-oE","[A-Z]{4,5}","log.txt"],"stdout":"INFO\nWARN\nERROR\nERROR\nDEBUG\n","stderr":"","status":0},
  // grep -E 'x=[0-9]' log.txt
  {"argv":["grep","-E","x=[0-9]","log.txt"],"stdout":"ERROR failed: x=1\n","stderr":"","status":0},
  // grep a.b p.txt
  {"argv":["grep","a.b","p.txt"],"stdout":"a.b\na+b\na*b\n","stderr":"","status":0},
  // grep 'a\.b' p.txt
  {"argv":["grep","a\\.b","p.txt"],"stdout":"a.b\n","stderr":"","status":0},
  // grep -F a.b p.txt
  {"argv":["grep","-F","a.b","p.txt"],"stdout":"a.b\n","stderr":"","status":0},
  // grep a+b p.txt
  {"argv":["grep","a+b","p.txt"],"stdout":"a+b\n","stderr":"","status":0},
  // grep -E 'a\+b' p.txt
  {"argv":["grep","-E","a\\+b","p.txt"],"stdout":"a+b\n","stderr":"","status":0},
  // grep 'a*b' p.txt
  {"argv":["grep","a*b","p.txt"],"stdout":"a.b\na+b\na*b\nback\\slash\n","stderr":"","status":0},
  // grep '\*' p.txt
  {"argv":["grep","\\*","p.txt"],"stdout":"a*b\n","stderr":"","status":0},
  // grep '(x)' p.txt
  {"argv":["grep","(x)","p.txt"],"stdout":"(x)\n","stderr":"","status":0},
  // grep -E '\(x\)' p.txt
  {"argv":["grep","-E","\\(x\\)","p.txt"],"stdout":"(x)\n","stderr":"","status":0},
  // grep '\[y\]' p.txt
  {"argv":["grep","\\[y\\]","p.txt"],"stdout":"[y]\n","stderr":"","status":0},
  // grep '[[]' p.txt
  {"argv":["grep","[[]","p.txt"],"stdout":"[y]\n","stderr":"","status":0},
  // grep '{z}' p.txt
  {"argv":["grep","{z}","p.txt"],"stdout":"{z}\n","stderr":"","status":0},
  // grep -E '\{z\}' p.txt
  {"argv":["grep","-E","\\{z\\}","p.txt"],"stdout":"{z}\n","stderr":"","status":0},
  // grep '\\' p.txt
  {"argv":["grep","\\\\","p.txt"],"stdout":"back\\slash\n","stderr":"","status":0},
  // grep -F '\' p.txt
  {"argv":["grep","-F","\\","p.txt"],"stdout":"back\\slash\n","stderr":"","status":0},
  // grep '\$HOME' p.txt
  {"argv":["grep","\\$HOME","p.txt"],"stdout":"$HOME\n","stderr":"","status":0},
  // grep '$HOME' p.txt
  {"argv":["grep","$HOME","p.txt"],"stdout":"$HOME\n","stderr":"","status":0},
  // grep ^^ p.txt
  {"argv":["grep","^^","p.txt"],"stdout":"^caret\n","stderr":"","status":0},
  // grep '\^' p.txt
  {"argv":["grep","\\^","p.txt"],"stdout":"^caret\n","stderr":"","status":0},
  // grep -E 'a[.+*]b' p.txt
  {"argv":["grep","-E","a[.+*]b","p.txt"],"stdout":"a.b\na+b\na*b\n","stderr":"","status":0},
  // grep -c '^$' log.txt
  {"argv":["grep","-c","^$","log.txt"],"stdout":"1\n","stderr":"","status":0},
  // grep -n '	' log.txt
  {"argv":["grep","-n","\t","log.txt"],"stdout":"7:DEBUG  spaced\tTab\n","stderr":"","status":0},
  // grep -P '\d+' log.txt
  {"argv":["grep","-P","\\d+","log.txt"],"stdout":"WARN disk 90%\nERROR failed: x=1\n","stderr":"","status":0},
  // grep -E '(a|b)\1' p.txt
  {"argv":["grep","-E","(a|b)\\1","p.txt"],"stdout":"","stderr":"","status":1},
  // grep caf u.txt
  {"argv":["grep","caf","u.txt"],"stdout":"café\n","stderr":"","status":0},
  // grep -o . u.txt
  {"argv":["grep","-o",".","u.txt"],"stdout":"c\na\nf\né\nn\na\nï\nv\ne\n日\n本\n語\nA\nB\nC\n","stderr":"","status":0},
  // grep -i abc u.txt
  {"argv":["grep","-i","abc","u.txt"],"stdout":"ABC\n","stderr":"","status":0},
  // grep -c '^.\{3\}$' u.txt
  {"argv":["grep","-c","^.\\{3\\}$","u.txt"],"stdout":"2\n","stderr":"","status":0},
  // grep -E '^.{5}$' u.txt
  {"argv":["grep","-E","^.{5}$","u.txt"],"stdout":"naïve\n","stderr":"","status":0},
  // grep '[[:alpha:]]\{5\}' u.txt
  {"argv":["grep","[[:alpha:]]\\{5\\}","u.txt"],"stdout":"naïve\n","stderr":"","status":0},
  // sed -n /WARN/,/ERROR/p log.txt
  {"argv":["sed","-n","/WARN/,/ERROR/p","log.txt"],"stdout":"WARN disk 90%\nERROR failed: x=1\n","stderr":"","status":0},
  // sed 's/\s*$//' log.txt
  {"argv":["sed","s/\\s*$//","log.txt"],"stdout":"INFO start\nWARN disk 90%\nERROR failed: x=1\ninfo lower\nERROR again\n\nDEBUG  spaced\tTab\n","stderr":"","status":0},
  // sed -E 's/^([A-Z]+) (.*)$/\2 [\1]/' log.txt
  {"argv":["sed","-E","s/^([A-Z]+) (.*)$/\\2 [\\1]/","log.txt"],"stdout":"start [INFO]\ndisk 90% [WARN]\nfailed: x=1 [ERROR]\ninfo lower\nagain [ERROR]\n\n spaced\tTab [DEBUG]\n","stderr":"","status":0},
  // sed '/^$/d' log.txt
  {"argv":["sed","/^$/d","log.txt"],"stdout":"INFO start\nWARN disk 90%\nERROR failed: x=1\ninfo lower\nERROR again\nDEBUG  spaced\tTab\n","stderr":"","status":0},
  // sed -n '/ERROR/{s/ERROR/E/;p}' log.txt
  {"argv":["sed","-n","/ERROR/{s/ERROR/E/;p}","log.txt"],"stdout":"E failed: x=1\nE again\n","stderr":"","status":0},
  // sed 's/[0-9]\+/<&>/g' log.txt
  {"argv":["sed","s/[0-9]\\+/<&>/g","log.txt"],"stdout":"INFO start\nWARN disk <90>%\nERROR failed: x=<1>\ninfo lower\nERROR again\n\nDEBUG  spaced\tTab\n","stderr":"","status":0},
  // sed 's/%/ percent/' log.txt
  {"argv":["sed","s/%/ percent/","log.txt"],"stdout":"INFO start\nWARN disk 90 percent\nERROR failed: x=1\ninfo lower\nERROR again\n\nDEBUG  spaced\tTab\n","stderr":"","status":0},
  // sed 's/a\.b/X/;s/a\*b/Y/;s/\[y\]/Z/' p.txt
  {"argv":["sed","s/a\\.b/X/;s/a\\*b/Y/;s/\\[y\\]/Z/","p.txt"],"stdout":"X\na+b\nY\n(x)\nZ\n{z}\nback\\slash\n$HOME\n^caret\n","stderr":"","status":0},
  // sed 's/\$HOME/~/' p.txt
  {"argv":["sed","s/\\$HOME/~/","p.txt"],"stdout":"a.b\na+b\na*b\n(x)\n[y]\n{z}\nback\\slash\n~\n^caret\n","stderr":"","status":0},
  // sed 's/\\/\//' p.txt
  {"argv":["sed","s/\\\\/\\//","p.txt"],"stdout":"a.b\na+b\na*b\n(x)\n[y]\n{z}\nback/slash\n$HOME\n^caret\n","stderr":"","status":0},
  // sed 's/[(){}]//g' p.txt
  {"argv":["sed","s/[(){}]//g","p.txt"],"stdout":"a.b\na+b\na*b\nx\n[y]\nz\nback\\slash\n$HOME\n^caret\n","stderr":"","status":0},
  // sed -E 's/(.)(.)/\2\1/' u.txt
  {"argv":["sed","-E","s/(.)(.)/\\2\\1/","u.txt"],"stdout":"acfé\nanïve\n本日語\nBAC\n","stderr":"","status":0},
  // sed s/./X/2 u.txt
  {"argv":["sed","s/./X/2","u.txt"],"stdout":"cXfé\nnXïve\n日X語\nAXC\n","stderr":"","status":0},
  // sed 'y/éï/ei/' u.txt
  {"argv":["sed","y/éï/ei/","u.txt"],"stdout":"cafe\nnaive\n日本語\nABC\n","stderr":"","status":0},
  // sed -n l u.txt
  {"argv":["sed","-n","l","u.txt"],"stdout":"caf\\303\\251$\nna\\303\\257ve$\n\\346\\227\\245\\346\\234\\254\\350\\252\\236$\nABC$\n","stderr":"","status":0},
  // sed = log.txt
  {"argv":["sed","=","log.txt"],"stdout":"1\nINFO start\n2\nWARN disk 90%\n3\nERROR failed: x=1\n4\ninfo lower\n5\nERROR again\n6\n\n7\nDEBUG  spaced\tTab\n","stderr":"","status":0},
  // sed -n '2,4!p' log.txt
  {"argv":["sed","-n","2,4!p","log.txt"],"stdout":"INFO start\nERROR again\n\nDEBUG  spaced\tTab\n","stderr":"","status":0},
  // sed '3,$d' log.txt
  {"argv":["sed","3,$d","log.txt"],"stdout":"INFO start\nWARN disk 90%\n","stderr":"","status":0},
  // sed -n '$!{h;d};x;G;p' log.txt
  {"argv":["sed","-n","$!{h;d};x;G;p","log.txt"],"stdout":"\nDEBUG  spaced\tTab\n","stderr":"","status":0},
  // sed 's/ /\n/' log.txt
  {"argv":["sed","s/ /\\n/","log.txt"],"stdout":"INFO\nstart\nWARN\ndisk 90%\nERROR\nfailed: x=1\ninfo\nlower\nERROR\nagain\n\nDEBUG\n spaced\tTab\n","stderr":"","status":0},
  // sed 'N;s/\n/ | /' log.txt
  {"argv":["sed","N;s/\\n/ | /","log.txt"],"stdout":"INFO start | WARN disk 90%\nERROR failed: x=1 | info lower\nERROR again | \nDEBUG  spaced\tTab\n","stderr":"","status":0},
  // sed '1~3d' log.txt
  {"argv":["sed","1~3d","log.txt"],"stdout":"WARN disk 90%\nERROR failed: x=1\nERROR again\n\n","stderr":"","status":0},
  // sed -n /error/Ip log.txt
  {"argv":["sed","-n","/error/Ip","log.txt"],"stdout":"ERROR failed: x=1\nERROR again\n","stderr":"","status":0},
  // sed s/e/E/3g log.txt
  {"argv":["sed","s/e/E/3g","log.txt"],"stdout":"INFO start\nWARN disk 90%\nERROR failed: x=1\ninfo lower\nERROR again\n\nDEBUG  spaced\tTab\n","stderr":"","status":0},
  // sed 's/^/\t/' log.txt
  {"argv":["sed","s/^/\\t/","log.txt"],"stdout":"\tINFO start\n\tWARN disk 90%\n\tERROR failed: x=1\n\tinfo lower\n\tERROR again\n\t\n\tDEBUG  spaced\tTab\n","stderr":"","status":0},
  // sed -n -e /INFO/= -e /INFO/p log.txt
  {"argv":["sed","-n","-e","/INFO/=","-e","/INFO/p","log.txt"],"stdout":"1\nINFO start\n","stderr":"","status":0},
  // sort -t ' ' -k2 log.txt
  {"argv":["sort","-t"," ","-k2","log.txt"],"stdout":"\nDEBUG  spaced\tTab\nERROR again\nWARN disk 90%\nERROR failed: x=1\ninfo lower\nINFO start\n","stderr":"","status":0},
  // sort -u '-t ' -k1,1 log.txt
  {"argv":["sort","-u","-t ","-k1,1","log.txt"],"stdout":"\nDEBUG  spaced\tTab\nERROR failed: x=1\nINFO start\nWARN disk 90%\ninfo lower\n","stderr":"","status":0},
  // sort -r u.txt
  {"argv":["sort","-r","u.txt"],"stdout":"日本語\nnaïve\ncafé\nABC\n","stderr":"","status":0},
  // uniq -c log.txt
  {"argv":["uniq","-c","log.txt"],"stdout":"      1 INFO start\n      1 WARN disk 90%\n      1 ERROR failed: x=1\n      1 info lower\n      1 ERROR again\n      1 \n      1 DEBUG  spaced\tTab\n","stderr":"","status":0},
  // wc -lwmc u.txt log.txt
  {"argv":["wc","-lwmc","u.txt","log.txt"],"stdout":"  4   4  19  27 u.txt\n  7  15  85  85 log.txt\n 11  19 104 112 total\n","stderr":"","status":0},
  // wc -L u.txt
  {"argv":["wc","-L","u.txt"],"stdout":"6 u.txt\n","stderr":"","status":0},
  // head -c 7 u.txt
  {"argv":["head","-c","7","u.txt"],"stdout":"café\nn","stderr":"","status":0},
  // tail -c 8 u.txt
  {"argv":["tail","-c","8","u.txt"],"stdout":"語\nABC\n","stderr":"","status":0},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('sort (captured from the real tools)', () => {
  const base: Record<string, string> = {"n.txt":"b 10\na 2\nB 1\nc 2\n  d 3\n10\n9\n-1\n1.5\nabc\n","h.txt":"1K\n2M\n500\n1G\n3k\n-2K\n0\n","csv":"x,3,b\ny,1,a\nz,2,c\nw,1,b\n","m.txt":"Mar\nJan\nfeb\nDec\nxyz\n","v.txt":"file10\nfile2\nfile1.5\nfile1\n"};
  const cases: Case[] = [
  // sort n.txt
  {"argv":["sort","n.txt"],"stdout":"  d 3\n-1\n1.5\n10\n9\nB 1\na 2\nabc\nb 10\nc 2\n","stderr":"","status":0},
  // sort -n n.txt
  {"argv":["sort","-n","n.txt"],"stdout":"-1\n  d 3\nB 1\na 2\nabc\nb 10\nc 2\n1.5\n9\n10\n","stderr":"","status":0},
  // sort -r n.txt
  {"argv":["sort","-r","n.txt"],"stdout":"c 2\nb 10\nabc\na 2\nB 1\n9\n10\n1.5\n-1\n  d 3\n","stderr":"","status":0},
  // sort -nr n.txt
  {"argv":["sort","-nr","n.txt"],"stdout":"10\n9\n1.5\nc 2\nb 10\nabc\na 2\nB 1\n  d 3\n-1\n","stderr":"","status":0},
  // sort -f n.txt
  {"argv":["sort","-f","n.txt"],"stdout":"  d 3\n-1\n1.5\n10\n9\na 2\nabc\nB 1\nb 10\nc 2\n","stderr":"","status":0},
  // sort -u n.txt
  {"argv":["sort","-u","n.txt"],"stdout":"  d 3\n-1\n1.5\n10\n9\nB 1\na 2\nabc\nb 10\nc 2\n","stderr":"","status":0},
  // sort -fu n.txt
  {"argv":["sort","-fu","n.txt"],"stdout":"  d 3\n-1\n1.5\n10\n9\na 2\nabc\nB 1\nb 10\nc 2\n","stderr":"","status":0},
  // sort -k2 n.txt
  {"argv":["sort","-k2","n.txt"],"stdout":"-1\n1.5\n10\n9\nabc\nB 1\nb 10\na 2\nc 2\n  d 3\n","stderr":"","status":0},
  // sort -k2n n.txt
  {"argv":["sort","-k2n","n.txt"],"stdout":"-1\n1.5\n10\n9\nabc\nB 1\na 2\nc 2\n  d 3\nb 10\n","stderr":"","status":0},
  // sort -k2,2n -k1,1 n.txt
  {"argv":["sort","-k2,2n","-k1,1","n.txt"],"stdout":"-1\n1.5\n10\n9\nabc\nB 1\na 2\nc 2\n  d 3\nb 10\n","stderr":"","status":0},
  // sort -k 2 -n n.txt
  {"argv":["sort","-k","2","-n","n.txt"],"stdout":"-1\n1.5\n10\n9\nabc\nB 1\na 2\nc 2\n  d 3\nb 10\n","stderr":"","status":0},
  // sort -b -k2 n.txt
  {"argv":["sort","-b","-k2","n.txt"],"stdout":"-1\n1.5\n10\n9\nabc\nB 1\nb 10\na 2\nc 2\n  d 3\n","stderr":"","status":0},
  // sort -t, -k2,2 csv
  {"argv":["sort","-t,","-k2,2","csv"],"stdout":"w,1,b\ny,1,a\nz,2,c\nx,3,b\n","stderr":"","status":0},
  // sort -t, -k2,2n -k3 csv
  {"argv":["sort","-t,","-k2,2n","-k3","csv"],"stdout":"y,1,a\nw,1,b\nz,2,c\nx,3,b\n","stderr":"","status":0},
  // sort -t, -k2,2 -u csv
  {"argv":["sort","-t,","-k2,2","-u","csv"],"stdout":"y,1,a\nz,2,c\nx,3,b\n","stderr":"","status":0},
  // sort -t, -k3r csv
  {"argv":["sort","-t,","-k3r","csv"],"stdout":"z,2,c\nw,1,b\nx,3,b\ny,1,a\n","stderr":"","status":0},
  // sort -t, -s -k2,2 csv
  {"argv":["sort","-t,","-s","-k2,2","csv"],"stdout":"y,1,a\nw,1,b\nz,2,c\nx,3,b\n","stderr":"","status":0},
  // sort -h h.txt
  {"argv":["sort","-h","h.txt"],"stdout":"-2K\n0\n500\n1K\n3k\n2M\n1G\n","stderr":"","status":0},
  // sort -hr h.txt
  {"argv":["sort","-hr","h.txt"],"stdout":"1G\n2M\n3k\n1K\n500\n0\n-2K\n","stderr":"","status":0},
  // sort -g n.txt
  {"argv":["sort","-g","n.txt"],"stdout":"  d 3\nB 1\na 2\nabc\nb 10\nc 2\n-1\n1.5\n9\n10\n","stderr":"","status":0},
  // sort -M m.txt
  {"argv":["sort","-M","m.txt"],"stdout":"xyz\nJan\nfeb\nMar\nDec\n","stderr":"","status":0},
  // sort -V v.txt
  {"argv":["sort","-V","v.txt"],"stdout":"file1\nfile1.5\nfile2\nfile10\n","stderr":"","status":0},
  // sort -d n.txt
  {"argv":["sort","-d","n.txt"],"stdout":"  d 3\n-1\n10\n1.5\n9\nB 1\na 2\nabc\nb 10\nc 2\n","stderr":"","status":0},
  // sort nope
  {"argv":["sort","nope"],"stdout":"","stderr":"sort: cannot read: nope: No such file or directory\n","status":2},
  // sort -k
  {"argv":["sort","-k"],"stdout":"","stderr":"sort: option requires an argument -- 'k'\nTry 'sort --help' for more information.\n","status":2},
  // sort -k 0 n.txt
  {"argv":["sort","-k","0","n.txt"],"stdout":"","stderr":"sort: field number is zero: invalid field specification ‘0’\n","status":2},
  // sort -t ab n.txt
  {"argv":["sort","-t","ab","n.txt"],"stdout":"","stderr":"sort: multi-character tab ‘ab’\n","status":2},
  // sort -gn n.txt
  {"argv":["sort","-gn","n.txt"],"stdout":"","stderr":"sort: options '-gn' are incompatible\n","status":2},
  // sort -c n.txt
  {"argv":["sort","-c","n.txt"],"stdout":"","stderr":"sort: n.txt:2: disorder: a 2\n","status":1},
  // sort -C n.txt
  {"argv":["sort","-C","n.txt"],"stdout":"","stderr":"","status":1},
  // sort -c csv
  {"argv":["sort","-c","csv"],"stdout":"","stderr":"sort: csv:4: disorder: w,1,b\n","status":1},
  // sort -o out.txt n.txt
  {"argv":["sort","-o","out.txt","n.txt"],"stdout":"","stderr":"","status":0},
  // sort -o /nonexist/f n.txt
  {"argv":["sort","-o","/nonexist/f","n.txt"],"stdout":"","stderr":"sort: open failed: /nonexist/f: No such file or directory\n","status":2},
  // sort dir
  {"argv":["sort","dir"],"stdout":"","stderr":"sort: read failed: dir: Is a directory\n","status":2},
  // sort a.txt b.txt
  {"argv":["sort","a.txt","b.txt"],"stdout":"alpha\nbeta\neight\neleven\nfive\nfour\ngamma\nnine\none\nseven\nsix\nten\nthree\ntwelve\ntwo\n","stderr":"","status":0},
  // sort nonl.txt empty.txt
  {"argv":["sort","nonl.txt","empty.txt"],"stdout":"x\ny\n","stderr":"","status":0},
  // sort -k1.2 csv
  {"argv":["sort","-k1.2","csv"],"stdout":"y,1,a\nw,1,b\nz,2,c\nx,3,b\n","stderr":"","status":0},
  // sort -k1.2,1.3 n.txt
  {"argv":["sort","-k1.2,1.3","n.txt"],"stdout":"9\nB 1\nb 10\na 2\nc 2\n  d 3\n1.5\n10\n-1\nabc\n","stderr":"","status":0},
  // sort -t, -k2.1b,2 csv
  {"argv":["sort","-t,","-k2.1b,2","csv"],"stdout":"w,1,b\ny,1,a\nz,2,c\nx,3,b\n","stderr":"","status":0},
  // sort -z n.txt
  {"argv":["sort","-z","n.txt"],"stdout":"b 10\na 2\nB 1\nc 2\n  d 3\n10\n9\n-1\n1.5\nabc\n\u0000","stderr":"","status":0},
  // printf '3\n1\n2' | sort -n
  {"argv":["sort","-n"],"stdin":"3\n1\n2","stdout":"1\n2\n3\n","stderr":"","status":0},
  // sort -x
  {"argv":["sort","-x"],"stdout":"","stderr":"sort: invalid option -- 'x'\nTry 'sort --help' for more information.\n","status":2},
  // sort -k 1,1 -k 2n words.txt
  {"argv":["sort","-k","1,1","-k","2n","words.txt"],"stdout":"\n  tabs\there\nThe End\njumps over  the lazy dog\nthe quick brown fox\n","stderr":"","status":0},
  // sort -R empty.txt
  {"argv":["sort","-R","empty.txt"],"stdout":"","stderr":"","status":0},
  // sort --sort=numeric n.txt
  {"argv":["sort","--sort=numeric","n.txt"],"stdout":"-1\n  d 3\nB 1\na 2\nabc\nb 10\nc 2\n1.5\n9\n10\n","stderr":"","status":0},
  // sort -rn -k2 n.txt
  {"argv":["sort","-rn","-k2","n.txt"],"stdout":"b 10\n  d 3\nc 2\na 2\nB 1\nabc\n9\n10\n1.5\n-1\n","stderr":"","status":0},
  // sort -k3,3 -k1,1r csv -t ,
  {"argv":["sort","-k3,3","-k1,1r","csv","-t",","],"stdout":"y,1,a\nx,3,b\nw,1,b\nz,2,c\n","stderr":"","status":0},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('cmp (captured from the real tools)', () => {
  const base: Record<string, string> = {"c1":"abc\nxyz","c2":"abc\nxYz\n","c3":"abc","c4":"","c5":"abcdefghijklmnop\n","c6":"Xbcdefghijklmnoq\n","c7":"abc\n"};
  const cases: Case[] = [
  // cmp c1 c2
  {"argv":["cmp","c1","c2"],"stdout":"c1 c2 differ: byte 6, line 2\n","stderr":"","status":1},
  // cmp c3 c1
  {"argv":["cmp","c3","c1"],"stdout":"","stderr":"cmp: EOF on c3 after byte 3, in line 1\n","status":1},
  // cmp c1 c3
  {"argv":["cmp","c1","c3"],"stdout":"","stderr":"cmp: EOF on c3 after byte 3, in line 1\n","status":1},
  // cmp c7 c2
  {"argv":["cmp","c7","c2"],"stdout":"","stderr":"cmp: EOF on c7 after byte 4, line 1\n","status":1},
  // cmp c4 c1
  {"argv":["cmp","c4","c1"],"stdout":"","stderr":"cmp: EOF on c4 which is empty\n","status":1},
  // cmp c1 c1
  {"argv":["cmp","c1","c1"],"stdout":"","stderr":"","status":0},
  // cmp -l c1 c2
  {"argv":["cmp","-l","c1","c2"],"stdout":"6 171 131\n","stderr":"cmp: EOF on c1 after byte 7\n","status":1},
  // cmp -b c1 c2
  {"argv":["cmp","-b","c1","c2"],"stdout":"c1 c2 differ: byte 6, line 2 is 171 y 131 Y\n","stderr":"","status":1},
  // cmp -s c1 c2
  {"argv":["cmp","-s","c1","c2"],"stdout":"","stderr":"","status":1},
  // cmp c1 nope
  {"argv":["cmp","c1","nope"],"stdout":"","stderr":"cmp: nope: No such file or directory\n","status":2},
  // cmp c1
  {"argv":["cmp","c1"],"stdout":"","stderr":"cmp: EOF on - which is empty\n","status":1},
  // cmp
  {"argv":["cmp"],"stdout":"","stderr":"cmp: missing operand after 'cmp'\ncmp: Try 'cmp --help' for more information.\n","status":2},
  // cmp -n 3 c1 c2
  {"argv":["cmp","-n","3","c1","c2"],"stdout":"","stderr":"","status":0},
  // cmp -i 5 c1 c2
  {"argv":["cmp","-i","5","c1","c2"],"stdout":"c1 c2 differ: byte 1, line 1\n","stderr":"","status":1},
  // cmp -lb c1 c2
  {"argv":["cmp","-lb","c1","c2"],"stdout":"6 171 y    131 Y\n","stderr":"cmp: EOF on c1 after byte 7\n","status":1},
  // cmp -l c5 c6
  {"argv":["cmp","-l","c5","c6"],"stdout":" 1 141 130\n16 160 161\n","stderr":"","status":1},
  // cmp dir c1
  {"argv":["cmp","dir","c1"],"stdout":"","stderr":"cmp: dir: Is a directory\n","status":2},
  // printf 'abc\nxYz\n' | cmp c1 -
  {"argv":["cmp","c1","-"],"stdin":"abc\nxYz\n","stdout":"c1 - differ: byte 6, line 2\n","stderr":"","status":1},
  // cmp c1 c2 3
  {"argv":["cmp","c1","c2","3"],"stdout":"c1 c2 differ: byte 1, line 1\n","stderr":"","status":1},
  // cmp --print-bytes c1 c2
  {"argv":["cmp","--print-bytes","c1","c2"],"stdout":"c1 c2 differ: byte 6, line 2 is 171 y 131 Y\n","stderr":"","status":1},
  // cmp -x c1 c2
  {"argv":["cmp","-x","c1","c2"],"stdout":"","stderr":"cmp: invalid option -- 'x'\ncmp: Try 'cmp --help' for more information.\n","status":2},
  // cmp a b c d e
  {"argv":["cmp","a","b","c","d","e"],"stdout":"","stderr":"cmp: invalid --ignore-initial value 'c'\ncmp: Try 'cmp --help' for more information.\n","status":2},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('diff (captured from the real tools)', () => {
  const base: Record<string, string> = {"d1":"a\nb\nc\nd\n","d2":"a\nB\nc\nd\ne\n","d3":"a\nb\nc\nd","d4":"x\n","da/f":"one\n","db/f":"two\n","da/only":"1\n","bin1":"a\u0000b","bin2":"a\u0000c"};
  const cases: Case[] = [
  // diff d1 d2
  {"argv":["diff","d1","d2"],"stdout":"2c2\n< b\n---\n> B\n4a5\n> e\n","stderr":"","status":1},
  // diff d1 d1
  {"argv":["diff","d1","d1"],"stdout":"","stderr":"","status":0},
  // diff -q d1 d2
  {"argv":["diff","-q","d1","d2"],"stdout":"Files d1 and d2 differ\n","stderr":"","status":1},
  // diff -s d1 d1
  {"argv":["diff","-s","d1","d1"],"stdout":"Files d1 and d1 are identical\n","stderr":"","status":0},
  // diff d1 d3
  {"argv":["diff","d1","d3"],"stdout":"4c4\n< d\n---\n> d\n\\ No newline at end of file\n","stderr":"","status":1},
  // diff d3 d1
  {"argv":["diff","d3","d1"],"stdout":"4c4\n< d\n\\ No newline at end of file\n---\n> d\n","stderr":"","status":1},
  // diff d4 d1
  {"argv":["diff","d4","d1"],"stdout":"1c1,4\n< x\n---\n> a\n> b\n> c\n> d\n","stderr":"","status":1},
  // diff empty.txt d1
  {"argv":["diff","empty.txt","d1"],"stdout":"0a1,4\n> a\n> b\n> c\n> d\n","stderr":"","status":1},
  // diff d1 empty.txt
  {"argv":["diff","d1","empty.txt"],"stdout":"1,4d0\n< a\n< b\n< c\n< d\n","stderr":"","status":1},
  // diff d1 nope
  {"argv":["diff","d1","nope"],"stdout":"","stderr":"diff: nope: No such file or directory\n","status":2},
  // diff d1
  {"argv":["diff","d1"],"stdout":"","stderr":"diff: missing operand after 'd1'\ndiff: Try 'diff --help' for more information.\n","status":2},
  // diff -u d1 nope
  {"argv":["diff","-u","d1","nope"],"stdout":"","stderr":"diff: nope: No such file or directory\n","status":2},
  // diff -i d1 d2
  {"argv":["diff","-i","d1","d2"],"stdout":"4a5\n> e\n","stderr":"","status":1},
  // diff bin1 bin2
  {"argv":["diff","bin1","bin2"],"stdout":"Binary files bin1 and bin2 differ\n","stderr":"","status":1},
  // diff -q bin1 bin1
  {"argv":["diff","-q","bin1","bin1"],"stdout":"","stderr":"","status":0},
  // diff da db
  {"argv":["diff","da","db"],"stdout":"diff da/f db/f\n1c1\n< one\n---\n> two\nOnly in da: only\n","stderr":"","status":1},
  // diff da/f db
  {"argv":["diff","da/f","db"],"stdout":"1c1\n< one\n---\n> two\n","stderr":"","status":1},
  // diff -x
  {"argv":["diff","-x"],"stdout":"","stderr":"diff: option requires an argument -- 'x'\ndiff: Try 'diff --help' for more information.\n","status":2},
  // diff a b c
  {"argv":["diff","a","b","c"],"stdout":"","stderr":"diff: extra operand 'c'\ndiff: Try 'diff --help' for more information.\n","status":2},
  // printf 'a\nb\n' | diff - d1
  {"argv":["diff","-","d1"],"stdin":"a\nb\n","stdout":"2a3,4\n> c\n> d\n","stderr":"","status":1},
  // diff -w words.txt words.txt
  {"argv":["diff","-w","words.txt","words.txt"],"stdout":"","stderr":"","status":0},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"","y":"a\na\na\na\n"},"stdout":"0a1,4\n> a\n> a\n> a\n> a\n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"c\nc\nb\nd\n","y":"e\nc\nb\na\nb\na\na\nb\n"},"stdout":"0a1\n> e\n2d2\n< c\n4c4,8\n< d\n---\n> a\n> b\n> a\n> a\n> b\n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"\n","y":"d\nd\nd\nc\na\na\na\ne\n"},"stdout":"1c1,8\n< \n---\n> d\n> d\n> d\n> c\n> a\n> a\n> a\n> e\n","stderr":"","status":1},
  // diff -U1 x y
  {"argv":["diff","-U1","x","y"],"files":{"x":"\n","y":"\n"},"stdout":"","stderr":"","status":0},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"a\na\na\na","y":"a\na\na\na\na\na\na\na\n"},"stdout":"4c4,8\n< a\n\\ No newline at end of file\n---\n> a\n> a\n> a\n> a\n> a\n","stderr":"","status":1},
  // diff -U1 x y
  {"argv":["diff","-U1","x","y"],"files":{"x":"\n","y":"\n"},"stdout":"","stderr":"","status":0},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"e\ne\nb\nb\ne\ne\nb\nd\n","y":"c\nb\ne\ne\na\ne\nc\nc\n"},"stdout":"1,3c1\n< e\n< e\n< b\n---\n> c\n7,8c5,8\n< b\n< d\n---\n> a\n> e\n> c\n> c\n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"a\ne\na\na\nd\na\ne\ne","y":"c\na\nb\nb\nb\nb\nc\ne\n"},"stdout":"0a1\n> c\n1a3,7\n> b\n> b\n> b\n> b\n> c\n3,8d8\n< a\n< a\n< d\n< a\n< e\n< e\n\\ No newline at end of file\n","stderr":"","status":1},
  // diff -U0 x y
  {"argv":["diff","-U0","x","y"],"files":{"x":"\n","y":"\n"},"stdout":"","stderr":"","status":0},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"a\na\na\na","y":"\n"},"stdout":"1,4c1\n< a\n< a\n< a\n< a\n\\ No newline at end of file\n---\n> \n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"d\nd\nd\nc","y":"c\na\nb\na\nd\nb\ne\nb\n"},"stdout":"0a1,4\n> c\n> a\n> b\n> a\n2,4c6,8\n< d\n< d\n< c\n\\ No newline at end of file\n---\n> b\n> e\n> b\n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"","y":""},"stdout":"","stderr":"","status":0},
  // diff -U1 x y
  {"argv":["diff","-U1","x","y"],"files":{"x":"\n","y":"\n"},"stdout":"","stderr":"","status":0},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"a\na\na\na\n","y":"a\na\na\na"},"stdout":"4c4\n< a\n---\n> a\n\\ No newline at end of file\n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"b\ne\ne\ne\n","y":"\n"},"stdout":"1,4c1\n< b\n< e\n< e\n< e\n---\n> \n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"e\ne\nb\nc\nd\nd\nb\nb\n","y":"c\nd\na\nc\nc\nb\na\nd\n"},"stdout":"1,3d0\n< e\n< e\n< b\n6,7c3,5\n< d\n< b\n---\n> a\n> c\n> c\n8a7,8\n> a\n> d\n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"\n","y":"\n"},"stdout":"","stderr":"","status":0},
  // diff -c x y
  {"argv":["diff","-c","x","y"],"files":{"x":"\n","y":"\n"},"stdout":"","stderr":"","status":0},
  // diff -U1 x y
  {"argv":["diff","-U1","x","y"],"files":{"x":"a\na\na\na\n","y":"a\na\na\na\n"},"stdout":"","stderr":"","status":0},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"e\na\ne\nb","y":"a\nd\nd\ne\ne\nb\nc\ne\n"},"stdout":"1d0\n< e\n2a2,7\n> d\n> d\n> e\n> e\n> b\n> c\n4d8\n< b\n\\ No newline at end of file\n","stderr":"","status":1},
  // diff -u x y
  {"argv":["diff","-u","x","y"],"files":{"x":"a\na\na\na","y":"a\na\na\na"},"stdout":"","stderr":"","status":0},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"\n","y":"b\nc\na\ne\nd\ne\nb\nd\n"},"stdout":"1c1,8\n< \n---\n> b\n> c\n> a\n> e\n> d\n> e\n> b\n> d\n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"","y":"\n"},"stdout":"0a1\n> \n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"b\nd\nc\na\n","y":"d\nc\nc\na\na\nb\nb\ne\n"},"stdout":"1d0\n< b\n3a3,4\n> c\n> a\n4a6,8\n> b\n> b\n> e\n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"c\nc\ne\na\nb\na\na\nb\n","y":"d\ne\nc\nc\n"},"stdout":"0a1,2\n> d\n> e\n3,8d4\n< e\n< a\n< b\n< a\n< a\n< b\n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"a\na\na\na\n","y":"a\na\na\na\n"},"stdout":"","stderr":"","status":0},
  // diff -c x y
  {"argv":["diff","-c","x","y"],"files":{"x":"\n","y":"\n"},"stdout":"","stderr":"","status":0},
  // diff -U0 x y
  {"argv":["diff","-U0","x","y"],"files":{"x":"\n","y":"\n"},"stdout":"","stderr":"","status":0},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"e\nc\nc\nc\n","y":"\n"},"stdout":"1,4c1\n< e\n< c\n< c\n< c\n---\n> \n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"c\nd\nc\nd\nc\nc\nc\nb\n","y":"d\nb\ne\nd\n"},"stdout":"1d0\n< c\n3,7d1\n< c\n< d\n< c\n< c\n< c\n8a3,4\n> e\n> d\n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"a\na\nb\na\na\na\na\na\n","y":"a\na\na\na"},"stdout":"3,7d2\n< b\n< a\n< a\n< a\n< a\n8a4\n> a\n\\ No newline at end of file\n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"\n","y":"\n"},"stdout":"","stderr":"","status":0},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"\n","y":"d\nb\ne\nd\nc\nc\na\ne"},"stdout":"1c1,8\n< \n---\n> d\n> b\n> e\n> d\n> c\n> c\n> a\n> e\n\\ No newline at end of file\n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"\n","y":"\n"},"stdout":"","stderr":"","status":0},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"c\ne\na\nc\na\nc\nd\ne","y":"b\nb\nb\nc\n"},"stdout":"0a1,3\n> b\n> b\n> b\n2,8d4\n< e\n< a\n< c\n< a\n< c\n< d\n< e\n\\ No newline at end of file\n","stderr":"","status":1},
  // diff -U0 x y
  {"argv":["diff","-U0","x","y"],"files":{"x":"a\na\na\na\n","y":"a\na\na\na\n"},"stdout":"","stderr":"","status":0},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"e\nd\nb\nb\nb\nc\nc\nd\n","y":"\n"},"stdout":"1,8c1\n< e\n< d\n< b\n< b\n< b\n< c\n< c\n< d\n---\n> \n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"\n","y":"a\na\na\na\na\na\na\na\n"},"stdout":"1c1,8\n< \n---\n> a\n> a\n> a\n> a\n> a\n> a\n> a\n> a\n","stderr":"","status":1},
  // diff x y
  {"argv":["diff","x","y"],"files":{"x":"","y":"\n"},"stdout":"0a1\n> \n","stderr":"","status":1},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});

describe('diff (captured from the real tools)', () => {
  const base: Record<string, string> = {"da/f":"one\n","db/f":"two\n","da/only":"1\n","db/new":"n\n","da/same":"s\n","db/same":"s\n","da/sub/x":"x\n","db/sub/x":"y\n"};
  const cases: Case[] = [
  // diff da db
  {"argv":["diff","da","db"],"stdout":"diff da/f db/f\n1c1\n< one\n---\n> two\nOnly in db: new\nOnly in da: only\nCommon subdirectories: da/sub and db/sub\n","stderr":"","status":1},
  // diff -r da db
  {"argv":["diff","-r","da","db"],"stdout":"diff -r da/f db/f\n1c1\n< one\n---\n> two\nOnly in db: new\nOnly in da: only\ndiff -r da/sub/x db/sub/x\n1c1\n< x\n---\n> y\n","stderr":"","status":1},
  // diff -q da db
  {"argv":["diff","-q","da","db"],"stdout":"Files da/f and db/f differ\nOnly in db: new\nOnly in da: only\nCommon subdirectories: da/sub and db/sub\n","stderr":"","status":1},
  // diff -rq da db
  {"argv":["diff","-rq","da","db"],"stdout":"Files da/f and db/f differ\nOnly in db: new\nOnly in da: only\nFiles da/sub/x and db/sub/x differ\n","stderr":"","status":1},
  // diff da/f db
  {"argv":["diff","da/f","db"],"stdout":"1c1\n< one\n---\n> two\n","stderr":"","status":1},
  // diff -s da/same db/same
  {"argv":["diff","-s","da/same","db/same"],"stdout":"Files da/same and db/same are identical\n","stderr":"","status":0},
  // diff --brief da/f db/f
  {"argv":["diff","--brief","da/f","db/f"],"stdout":"Files da/f and db/f differ\n","stderr":"","status":1},
  // diff --normal a.txt b.txt
  {"argv":["diff","--normal","a.txt","b.txt"],"stdout":"1,12c1,3\n< one\n< two\n< three\n< four\n< five\n< six\n< seven\n< eight\n< nine\n< ten\n< eleven\n< twelve\n---\n> alpha\n> beta\n> gamma\n","stderr":"","status":1},
  // diff -e a.txt b.txt
  {"argv":["diff","-e","a.txt","b.txt"],"stdout":"1,12c\nalpha\nbeta\ngamma\n.\n","stderr":"","status":1},
  // diff -B a.txt b.txt
  {"argv":["diff","-B","a.txt","b.txt"],"stdout":"1,12c1,3\n< one\n< two\n< three\n< four\n< five\n< six\n< seven\n< eight\n< nine\n< ten\n< eleven\n< twelve\n---\n> alpha\n> beta\n> gamma\n","stderr":"","status":1},
  // diff -i a.txt a.txt
  {"argv":["diff","-i","a.txt","a.txt"],"stdout":"","stderr":"","status":0},
  // diff --label L1 --label L2 -u a.txt b.txt
  {"argv":["diff","--label","L1","--label","L2","-u","a.txt","b.txt"],"stdout":"--- L1\n+++ L2\n@@ -1,12 +1,3 @@\n-one\n-two\n-three\n-four\n-five\n-six\n-seven\n-eight\n-nine\n-ten\n-eleven\n-twelve\n+alpha\n+beta\n+gamma\n","stderr":"","status":1},
  ];
  it.each(cases.map((c) => [c.argv.join(' ') + (c.stdin !== undefined ? ' <stdin>' : ''), c] as const))('%s', async (_name, c) => {
    await expectCase(c, base);
  });
});
