// make(1) against the real GNU Make 4.3 (Debian 12): every expected output below was captured by writing the
// same files to /tmp/mkcap/w/<case> on a Debian 12 host and running the command line there with `bash -c` on a
// pseudo-terminal (so stdout and stderr interleave as on a terminal), LANG=C.UTF-8, with PATH starting with a
// directory holding the fake compiler below as both cc and gcc (the real compiler is not used). The steps of a
// case run in order on one machine, as they did on the host.
import { describe, expect, it } from 'vitest';
import { newMachine, run, runTool, terminal } from './harness.ts';
import type { Machine } from '../../src/sim/machine.ts';

const T = 60_000;

/** A stand-in for cc/gcc: writes "built" to the -o file (a.out by default). */
const FAKE_CC = '#!/bin/sh\nout=a.out\nwhile [ $# -gt 0 ]; do\n  case "$1" in\n    -o) out="$2"; shift;;\n  esac\n  shift\ndone\necho built > "$out"\n';

interface Case { name: string; files: Record<string, string>; steps: [string, string][] }

const CASES: Case[] = [
  {
    name: "lab",
    files: {
      "Makefile": "CFLAGS = -g -Wall -Wextra\n\n.PHONY: all clean\n\nall: hello\n\nhello: hello.c\n\nclean:\n\t-rm -f hello\n",
      "hello.c": "int main(void){return 0;}\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/lab && make
      ["make", "cc -g -Wall -Wextra    hello.c   -o hello\n"],
      // $ cd /tmp/mkcap/w/lab && make
      ["make", "make: Nothing to be done for 'all'.\n"],
      // $ cd /tmp/mkcap/w/lab && make hello
      ["make hello", "make: 'hello' is up to date.\n"],
      // $ cd /tmp/mkcap/w/lab && sleep 1.1; touch hello.c; make
      ["sleep 1.1; touch hello.c; make", "cc -g -Wall -Wextra    hello.c   -o hello\n"],
      // $ cd /tmp/mkcap/w/lab && make clean
      ["make clean", "rm -f hello\n"],
      // $ cd /tmp/mkcap/w/lab && make clean
      ["make clean", "rm -f hello\n"],
      // $ cd /tmp/mkcap/w/lab && make -n
      ["make -n", "cc -g -Wall -Wextra    hello.c   -o hello\n"],
      // $ cd /tmp/mkcap/w/lab && make -s; cat hello
      ["make -s; cat hello", "built\n"],
      // $ cd /tmp/mkcap/w/lab && make -B hello
      ["make -B hello", "cc -g -Wall -Wextra    hello.c   -o hello\n"],
    ],
  },
  {
    name: "alloc",
    files: {
      "Makefile": "CFLAGS = -g -Wall -Wextra\n\n.PHONY: all clean\n\nall: alloc_size\n\nalloc_size: alloc_size.c utils.h\n\t$(CC) $(CFLAGS) -o $@ $<\n\nclean:\n\t-rm -f alloc_size\n",
      "alloc_size.c": "x\n",
      "utils.h": "y\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/alloc && make
      ["make", "cc -g -Wall -Wextra -o alloc_size alloc_size.c\n"],
      // $ cd /tmp/mkcap/w/alloc && make
      ["make", "make: Nothing to be done for 'all'.\n"],
      // $ cd /tmp/mkcap/w/alloc && sleep 1.1; touch utils.h; make
      ["sleep 1.1; touch utils.h; make", "cc -g -Wall -Wextra -o alloc_size alloc_size.c\n"],
      // $ cd /tmp/mkcap/w/alloc && make alloc_size CFLAGS=-O2 -B
      ["make alloc_size CFLAGS=-O2 -B", "cc -O2 -o alloc_size alloc_size.c\n"],
      // $ cd /tmp/mkcap/w/alloc && make clean; echo *
      ["make clean; echo *", "rm -f alloc_size\nMakefile alloc_size.c utils.h\n"],
    ],
  },
  {
    name: "fail",
    files: {
      "Makefile": "all: hello\n\nhello:\n\techo start\n\tfalse\n\techo never\n\nclean:\n\t-false\n\t@echo after\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/fail && make; echo status=$?
      ["make; echo status=$?", "echo start\nstart\nfalse\nmake: *** [Makefile:5: hello] Error 1\nstatus=2\n"],
      // $ cd /tmp/mkcap/w/fail && make clean; echo status=$?
      ["make clean; echo status=$?", "false\nmake: [Makefile:9: clean] Error 1 (ignored)\nafter\nstatus=0\n"],
      // $ cd /tmp/mkcap/w/fail && make -k hello clean; echo status=$?
      ["make -k hello clean; echo status=$?", "echo start\nstart\nfalse\nmake: *** [Makefile:5: hello] Error 1\nfalse\nmake: [Makefile:9: clean] Error 1 (ignored)\nafter\nstatus=2\n"],
      // $ cd /tmp/mkcap/w/fail && make -i hello; echo status=$?
      ["make -i hello; echo status=$?", "echo start\nstart\nfalse\nmake: [Makefile:5: hello] Error 1 (ignored)\necho never\nnever\nstatus=0\n"],
    ],
  },
  {
    name: "norule",
    files: {
      "Makefile": "all: missing other\n\t@echo done\nother:\n\t@echo other\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/norule && make; echo status=$?
      ["make; echo status=$?", "make: *** No rule to make target 'missing', needed by 'all'.  Stop.\nstatus=2\n"],
      // $ cd /tmp/mkcap/w/norule && make -k; echo status=$?
      ["make -k; echo status=$?", "make: *** No rule to make target 'missing', needed by 'all'.\nother\nmake: Target 'all' not remade because of errors.\nstatus=2\n"],
      // $ cd /tmp/mkcap/w/norule && make nothere; echo status=$?
      ["make nothere; echo status=$?", "make: *** No rule to make target 'nothere'.  Stop.\nstatus=2\n"],
    ],
  },
  {
    name: "empty",
    files: {

    },
    steps: [
      // $ cd /tmp/mkcap/w/empty && make; echo status=$?
      ["make; echo status=$?", "make: *** No targets specified and no makefile found.  Stop.\nstatus=2\n"],
      // $ cd /tmp/mkcap/w/empty && make foo; echo status=$?
      ["make foo; echo status=$?", "make: *** No rule to make target 'foo'.  Stop.\nstatus=2\n"],
      // $ cd /tmp/mkcap/w/empty && make -f nope; echo status=$?
      ["make -f nope; echo status=$?", "make: nope: No such file or directory\nmake: *** No rule to make target 'nope'.  Stop.\nstatus=2\n"],
      // $ cd /tmp/mkcap/w/empty && make -C nodir; echo status=$?
      ["make -C nodir; echo status=$?", "make: *** nodir: No such file or directory.  Stop.\nstatus=2\n"],
    ],
  },
  {
    name: "sep",
    files: {
      "Makefile": "all:\n        echo spaces\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/sep && make; echo status=$?
      ["make; echo status=$?", "Makefile:2: *** missing separator (did you mean TAB instead of 8 spaces?).  Stop.\nstatus=2\n"],
    ],
  },
  {
    name: "sep2",
    files: {
      "Makefile": "X = 1\nthis is wrong\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/sep2 && make; echo status=$?
      ["make; echo status=$?", "Makefile:2: *** missing separator.  Stop.\nstatus=2\n"],
    ],
  },
  {
    name: "vars",
    files: {
      "Makefile": "SRCS = $(wildcard *.c)\nOBJS := $(SRCS:.c=.o)\nA = $(B)\nB = late\nC := $(B) now\nD ?= dflt\nD ?= other\nE = one\nE += two\nNAME ?= world\nCFLAGS += -Wall\n\nifeq ($(NAME),world)\nGREET = hello $(NAME)\nelse\nGREET = hi $(NAME)\nendif\nifdef UNSET\nU = set\nelse ifndef E\nU = noE\nelse\nU = other\nendif\n\n.PHONY: show\nshow:\n\t@echo SRCS=$(SRCS) OBJS=$(OBJS)\n\t@echo A=$(A) C=$(C) D=$(D) E=$(E) U=$(U)\n\t@echo $(GREET)\n\t@echo $(patsubst %.c,build/%.o,$(SRCS)) $(subst e,E,$(E)) $(filter %.c,$(SRCS) x.h) $(filter-out a.c,$(SRCS))\n\t@echo $(addprefix -I,inc lib) $(addsuffix .txt,a b) $(basename a.c dir/b.tar.gz) $(notdir dir/x.c y.c) $(dir dir/x.c y.c)\n\t@echo $(foreach f,$(SRCS),[$(f)]) $(words $(SRCS)) $(firstword $(SRCS)) $(sort c b a b) $(strip   a   b  )\n\t@echo shell=$(shell echo hi; echo there) home=$(HOME_X) cflags=$(CFLAGS)\n\t@echo $${HOME_X:-unset} $$PATH_SET ${E} $E\n",
      "a.c": "",
      "b.c": ""
    },
    steps: [
      // $ cd /tmp/mkcap/w/vars && make
      ["make", "SRCS=a.c b.c OBJS=a.o b.o\nA=late C=late now D=dflt E=one two U=other\nhello world\nbuild/a.o build/b.o onE two a.c b.c b.c\n-Iinc -Ilib a.txt b.txt a dir/b.tar x.c y.c dir/ ./\n[a.c] [b.c] 2 a.c a b c a b\nshell=hi there home= cflags=-Wall\nunset one two one two\n"],
      // $ cd /tmp/mkcap/w/vars && make NAME=you
      ["make NAME=you", "SRCS=a.c b.c OBJS=a.o b.o\nA=late C=late now D=dflt E=one two U=other\nhi you\nbuild/a.o build/b.o onE two a.c b.c b.c\n-Iinc -Ilib a.txt b.txt a dir/b.tar x.c y.c dir/ ./\n[a.c] [b.c] 2 a.c a b c a b\nshell=hi there home= cflags=-Wall\nunset one two one two\n"],
      // $ cd /tmp/mkcap/w/vars && HOME_X=/h make
      ["HOME_X=/h make", "SRCS=a.c b.c OBJS=a.o b.o\nA=late C=late now D=dflt E=one two U=other\nhello world\nbuild/a.o build/b.o onE two a.c b.c b.c\n-Iinc -Ilib a.txt b.txt a dir/b.tar x.c y.c dir/ ./\n[a.c] [b.c] 2 a.c a b c a b\nshell=hi there home=/h cflags=-Wall\n/h one two one two\n"],
      // $ cd /tmp/mkcap/w/vars && make CFLAGS=-O2 E=cmd
      ["make CFLAGS=-O2 E=cmd", "SRCS=a.c b.c OBJS=a.o b.o\nA=late C=late now D=dflt E=cmd U=other\nhello world\nbuild/a.o build/b.o cmd a.c b.c b.c\n-Iinc -Ilib a.txt b.txt a dir/b.tar x.c y.c dir/ ./\n[a.c] [b.c] 2 a.c a b c a b\nshell=hi there home= cflags=-O2\nunset cmd cmd\n"],
      // $ cd /tmp/mkcap/w/vars && make -s -n
      ["make -s -n", "echo SRCS=a.c b.c OBJS=a.o b.o\necho A=late C=late now D=dflt E=one two U=other\necho hello world\necho build/a.o build/b.o onE two a.c b.c b.c\necho -Iinc -Ilib a.txt b.txt a dir/b.tar x.c y.c dir/ ./\necho [a.c] [b.c] 2 a.c a b c a b\necho shell=hi there home= cflags=-Wall\necho ${HOME_X:-unset} $PATH_SET one two one two\n"],
    ],
  },
  {
    name: "pattern",
    files: {
      "Makefile": "prog: a.o b.o\n\tcat $^ > $@\n\t@echo \"target=$@ first=$< all=$^ newer=$?\"\n\n%.o: %.c\n\tcp $< $@\n\t@echo \"stem=$* target=$@\"\n\nclean:\n\trm -f prog *.o\n",
      "a.c": "A\n",
      "b.c": "B\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/pattern && make
      ["make", "cp a.c a.o\nstem=a target=a.o\ncp b.c b.o\nstem=b target=b.o\ncat a.o b.o > prog\ntarget=prog first=a.o all=a.o b.o newer=a.o b.o\n"],
      // $ cd /tmp/mkcap/w/pattern && make
      ["make", "make: 'prog' is up to date.\n"],
      // $ cd /tmp/mkcap/w/pattern && sleep 1.1; touch b.c; make
      ["sleep 1.1; touch b.c; make", "cp b.c b.o\nstem=b target=b.o\ncat a.o b.o > prog\ntarget=prog first=a.o all=a.o b.o newer=b.o\n"],
      // $ cd /tmp/mkcap/w/pattern && make clean
      ["make clean", "rm -f prog *.o\n"],
    ],
  },
  {
    name: "implicit",
    files: {
      "hello.c": "x\n",
      "util.c": "u\n",
      "Makefile": "CC = gcc\nprog: main.o util.o\n\t$(CC) -o $@ $^\nmain.o: main.c util.h\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/implicit && make hello; cat hello
      ["make hello; cat hello", "gcc     hello.c   -o hello\nbuilt\n"],
      // $ cd /tmp/mkcap/w/implicit && touch main.c util.h; make
      ["touch main.c util.h; make", "gcc    -c -o main.o main.c\ngcc    -c -o util.o util.c\ngcc -o prog main.o util.o\n"],
      // $ cd /tmp/mkcap/w/implicit && make CC=cc CFLAGS=-g
      ["make CC=cc CFLAGS=-g", "make: 'prog' is up to date.\n"],
    ],
  },
  {
    name: "dirs",
    files: {
      "sub/Makefile": "all:\n\t@echo in sub $(CURDIR)\n\ttouch made\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/dirs && make -C sub
      ["make -C sub", "make: Entering directory '/tmp/mkcap/w/dirs/sub'\nin sub /tmp/mkcap/w/dirs/sub\ntouch made\nmake: Leaving directory '/tmp/mkcap/w/dirs/sub'\n"],
      // $ cd /tmp/mkcap/w/dirs && make -C sub
      ["make -C sub", "make: Entering directory '/tmp/mkcap/w/dirs/sub'\nin sub /tmp/mkcap/w/dirs/sub\ntouch made\nmake: Leaving directory '/tmp/mkcap/w/dirs/sub'\n"],
      // $ cd /tmp/mkcap/w/dirs && make -s -C sub
      ["make -s -C sub", "in sub /tmp/mkcap/w/dirs/sub\n"],
      // $ cd /tmp/mkcap/w/dirs && make -C sub --no-print-directory
      ["make -C sub --no-print-directory", "in sub /tmp/mkcap/w/dirs/sub\ntouch made\n"],
      // $ cd /tmp/mkcap/w/dirs && make -f sub/Makefile
      ["make -f sub/Makefile", "in sub /tmp/mkcap/w/dirs\ntouch made\n"],
      // $ cd /tmp/mkcap/w/dirs && make -n -C sub -B
      ["make -n -C sub -B", "make: Entering directory '/tmp/mkcap/w/dirs/sub'\necho in sub /tmp/mkcap/w/dirs/sub\ntouch made\nmake: Leaving directory '/tmp/mkcap/w/dirs/sub'\n"],
      // $ cd /tmp/mkcap/w/dirs && make -j4 -C sub -B
      ["make -j4 -C sub -B", "make: Entering directory '/tmp/mkcap/w/dirs/sub'\nin sub /tmp/mkcap/w/dirs/sub\ntouch made\nmake: Leaving directory '/tmp/mkcap/w/dirs/sub'\n"],
    ],
  },
  {
    name: "recurse",
    files: {
      "Makefile": "all:\n\t$(MAKE) -C sub\n",
      "sub/Makefile": "all:\n\t@echo sub level $(MAKELEVEL)\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/recurse && make
      ["make", "make -C sub\nmake[1]: Entering directory '/tmp/mkcap/w/recurse/sub'\nsub level 1\nmake[1]: Leaving directory '/tmp/mkcap/w/recurse/sub'\n"],
      // $ cd /tmp/mkcap/w/recurse && make -s
      ["make -s", "sub level 1\n"],
    ],
  },
  {
    name: "misc",
    files: {
      "Makefile": "a b: c\n\t@echo making $@ from $<\nc:\n\t@touch c\ninc := $(wildcard none.mk)\n-include none.mk\nx: ; @echo inline $@\ny: x\n\t@echo y \\\n\t  continued\n# comment line\n\t@echo still y\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/misc && make
      ["make", "making a from c\n"],
      // $ cd /tmp/mkcap/w/misc && make b
      ["make b", "making b from c\n"],
      // $ cd /tmp/mkcap/w/misc && make y
      ["make y", "inline x\ny continued\nstill y\n"],
      // $ cd /tmp/mkcap/w/misc && make x x
      ["make x x", "inline x\nmake: 'x' is up to date.\n"],
    ],
  },
  {
    name: "version",
    files: {

    },
    steps: [
      // $ cd /tmp/mkcap/w/version && make --version
      ["make --version", "GNU Make 4.3\nBuilt for x86_64-pc-linux-gnu\nCopyright (C) 1988-2020 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n"],
      // $ cd /tmp/mkcap/w/version && make -v | head -1
      ["make -v | head -1", "GNU Make 4.3\n"],
    ],
  },
  {
    name: "inc",
    files: {
      "Makefile": "include defs.mk\nall:\n\t@echo $(X)\n",
      "defs.mk": "X = from include\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/inc && make
      ["make", "from include\n"],
    ],
  },
  {
    name: "incmiss",
    files: {
      "Makefile": "include nope.mk\nall:\n\t@echo hi\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/incmiss && make; echo status=$?
      ["make; echo status=$?", "Makefile:1: nope.mk: No such file or directory\nmake: *** No rule to make target 'nope.mk'.  Stop.\nstatus=2\n"],
    ],
  },
  {
    name: "override",
    files: {
      "Makefile": "override CFLAGS += -g\nX = file\nall:\n\t@echo \"$(CFLAGS) $(X) $(origin X) $(origin CC) $(origin HOME)\"\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/override && make CFLAGS=-O2 X=cmd
      ["make CFLAGS=-O2 X=cmd", "-O2 -g cmd command line default environment\n"],
      // $ cd /tmp/mkcap/w/override && make
      ["make", "-g file file default environment\n"],
    ],
  },
  {
    name: "cond",
    files: {
      "Makefile": "ifeq \"a\" \"a\"\nA = yes\nendif\nifneq (x,)\nB = nonempty\nendif\nall:\n\t@echo $(A) $(B)\nifeq (1,1)\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/cond && make; echo status=$?
      ["make; echo status=$?", "Makefile:10: *** missing 'endif'.  Stop.\nstatus=2\n"],
    ],
  },
  {
    name: "uptodate",
    files: {
      "Makefile": "out.txt: in.txt\n\tcp in.txt out.txt\n",
      "in.txt": "data\n"
    },
    steps: [
      // $ cd /tmp/mkcap/w/uptodate && make
      ["make", "cp in.txt out.txt\n"],
      // $ cd /tmp/mkcap/w/uptodate && make
      ["make", "make: 'out.txt' is up to date.\n"],
      // $ cd /tmp/mkcap/w/uptodate && make out.txt
      ["make out.txt", "make: 'out.txt' is up to date.\n"],
      // $ cd /tmp/mkcap/w/uptodate && sleep 1.1; touch in.txt; make
      ["sleep 1.1; touch in.txt; make", "cp in.txt out.txt\n"],
      // $ cd /tmp/mkcap/w/uptodate && rm in.txt; make; echo status=$?
      ["rm in.txt; make; echo status=$?", "make: *** No rule to make target 'in.txt', needed by 'out.txt'.  Stop.\nstatus=2\n"],
    ],
  },
];

function machineFor(c: Case, profile: 'debian-12' | 'ubuntu-18.04' = 'debian-12'): Machine {
  const files: Record<string, string> = { '/usr/local/bin/cc': FAKE_CC, '/usr/local/bin/gcc': FAKE_CC };
  for (const [p, text] of Object.entries(c.files)) files[`/tmp/mkcap/w/${c.name}/${p}`] = text;
  const m = newMachine({ profile, files });
  m.kernel.vfs.ensureDir(`/tmp/mkcap/w/${c.name}`);
  return m;
}

describe('make matches GNU Make 4.3 byte for byte', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const m = machineFor(c);
      try {
        for (const [cmd, want] of c.steps) {
          const r = await run(cmd, { machine: m, cwd: `/tmp/mkcap/w/${c.name}` });
          expect(r.out, cmd).toBe(want);
        }
      } finally { m.dispose(); }
    }, T);
  }
});

describe('make details', () => {
  it('recipe echoes go to stdout, diagnostics to stderr', async () => {
    const m = machineFor({ name: 'split', files: { Makefile: 'all:\n\techo hi\n\tfalse\n' }, steps: [] });
    try {
      const r = await runTool(['make'], { machine: m, cwd: '/tmp/mkcap/w/split' });
      expect(r).toMatchObject({ stdout: 'echo hi\nhi\nfalse\n', stderr: 'make: *** [Makefile:3: all] Error 1\n', status: 2 });
    } finally { m.dispose(); }
  }, T);

  it('Ubuntu 18.04 runs make 4.1: its banner and its "recipe for target failed" wording', async () => {
    const c: Case = { name: 'u18', files: { Makefile: 'all: hello\n\nhello:\n\techo start\n\tfalse\n\techo never\n\nclean:\n\t-false\n' }, steps: [] };
    const m = machineFor(c, 'ubuntu-18.04');
    try {
      const cwd = '/tmp/mkcap/w/u18';
      expect((await run('make --version | head -3', { machine: m, cwd })).out).toBe('GNU Make 4.1\nBuilt for x86_64-pc-linux-gnu\nCopyright (C) 1988-2014 Free Software Foundation, Inc.\n');
      // make 4.1's child_error(): "FILE:LINE: recipe for target 'T' failed" (stdout, LINE = the recipe's first line),
      // then "make: *** [T] Error N" (stderr).
      const r = await runTool(['make'], { machine: m, cwd });
      expect(r).toMatchObject({ stdout: "echo start\nstart\nfalse\nMakefile:4: recipe for target 'hello' failed\n", stderr: 'make: *** [hello] Error 1\n', status: 2 });
      const k = await runTool(['make', 'clean'], { machine: m, cwd });
      expect(k).toMatchObject({ stdout: "false\nMakefile:9: recipe for target 'clean' failed\n", stderr: 'make: [clean] Error 1 (ignored)\n', status: 0 });
    } finally { m.dispose(); }
  }, T);

  it('builds the labs on the default machine (Ubuntu 18.04, LANG=en_US.UTF-8) with the built-in %: %.c rule', async () => {
    const lab = { 'Makefile': CASES[0]!.files['Makefile']!, 'hello.c': 'int main(void) { return 0; }\n' };
    const m = newMachine({ files: { '/usr/local/bin/cc': FAKE_CC, 'lab/Makefile': lab.Makefile, 'lab/hello.c': lab['hello.c'] } });
    try {
      const cwd = '/home/student/lab';
      expect((await run('make', { machine: m, cwd })).out).toBe('cc -g -Wall -Wextra    hello.c   -o hello\n');
      expect((await run('make; make hello; cat hello', { machine: m, cwd })).out).toBe("make: Nothing to be done for 'all'.\nmake: 'hello' is up to date.\nbuilt\n");
      expect((await run('make clean && make -n', { machine: m, cwd })).out).toBe('rm -f hello\ncc -g -Wall -Wextra    hello.c   -o hello\n');
    } finally { m.dispose(); }
  }, T);

  it('Ctrl-C during a recipe: the recipe is interrupted, make deletes the half-made target and dies of SIGINT', async () => {
    // Real make 4.3 (make run in its own process group, SIGINT sent to the group after 1 s):
    //   echo partial > hello; sleep 3
    //   make: *** Deleting file 'hello'
    //   make: *** [Makefile:2: hello] Interrupt
    // and make's wait status is "killed by SIGINT".
    const files: Record<string, string> = { '/tmp/mkcap/w/int/Makefile': 'hello:\n\techo partial > $@; sleep 3\n' };
    const t = await terminal({ files, profile: 'debian-12' });
    try {
      t.type('cd /tmp/mkcap/w/int && make\r');
      const from = t.screen.length;
      await t.waitFor('sleep 3\n', 5000, from);
      await new Promise((r) => setTimeout(r, 100));
      t.type('\x03');
      const s = await t.waitFor('Interrupt\n', 5000, from);
      expect(s).toContain("^Cmake: *** Deleting file 'hello'\nmake: *** [Makefile:2: hello] Interrupt\n");
      const at = t.screen.length;
      t.type('echo status=$?\r');
      expect(await t.waitFor(/status=\d+\n/, 5000, at)).toContain('status=130');
      const dir = t.machine.kernel.vfs.resolve('/tmp/mkcap/w/int', '/', { uid: 0, gid: 0 }).node;
      expect(dir.kind === 'dir' && t.machine.kernel.vfs.list(dir)).toEqual(['Makefile']);
    } finally { t.machine.dispose(); }
  }, T);

  it('-k keeps going past a failed prerequisite; -B remakes up-to-date targets; $? lists only newer prerequisites', async () => {
    const c: Case = { name: 'kb', files: { Makefile: 'all: bad good\nbad:\n\t@exit 3\ngood: in\n\t@echo good from $?\n\t@touch good\n', in: '' }, steps: [] };
    const m = machineFor(c);
    try {
      const cwd = '/tmp/mkcap/w/kb';
      const r = await runTool(['make', '-k'], { machine: m, cwd });
      expect(r).toMatchObject({ stdout: 'good from in\n', stderr: "make: *** [Makefile:3: bad] Error 3\nmake: Target 'all' not remade because of errors.\n", status: 2 });
      expect((await runTool(['make', 'good'], { machine: m, cwd })).stdout).toBe("make: 'good' is up to date.\n");
      expect((await runTool(['make', '-B', 'good'], { machine: m, cwd })).stdout).toBe('good from in\n');
    } finally { m.dispose(); }
  }, T);
});
