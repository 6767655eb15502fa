#!/bin/sh
# Regenerates the sources from scenarios.mjs, builds them with the real gcc and captures, on a terminal with
# ASLR off: NAME.strace (strace -e trace=brk,mmap,munmap,write -o), NAME.out (what the terminal showed).
set -e
cd "$(dirname "$0")"
node gen.mjs
stat -c %s /etc/ld.so.cache > ld.so.cache.size
for c in *.c; do
  n=${c%.c}
  gcc -g -Wall -o /tmp/malloc-cap-$n $c
  script -qc "setarch -R strace -o $n.strace -e trace=brk,mmap,munmap,write /tmp/malloc-cap-$n" /dev/null > $n.out
  rm -f /tmp/malloc-cap-$n
done
