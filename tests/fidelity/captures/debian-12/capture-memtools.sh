#!/bin/bash
# Captures the real outputs the memory-tool tests (tests/unit/tools-mem*.test.ts) compare against, on a Debian 12
# machine (binutils 2.40, file 5.44, procps-ng 4.0.2, glibc 2.36). Run from this directory: bash capture-memtools.sh
set -u
export LC_ALL=C.UTF-8 LANG=C.UTF-8
BINS="/usr/bin/sleep /usr/bin/bash /usr/lib/x86_64-linux-gnu/libc.so.6"
for f in $BINS; do
  b=$(basename "$f")
  readelf -h "$f" > "readelf-h-$b.txt"
  readelf -S "$f" > "readelf-S-$b.txt"
  readelf -SW "$f" > "readelf-SW-$b.txt"
  readelf -lW "$f" > "readelf-lW-$b.txt"
  readelf -e "$f" > "readelf-e-$b.txt"
  size -G "$f" > "size-G-$b.txt"
  size -x "$f" > "size-x-$b.txt"
  size -A -x "$f" > "size-A-x-$b.txt"
  file "$f" > "file-$b.txt"
done
size -t /usr/bin/sleep /usr/bin/bash > size-t-sleep-bash.txt
size -o -t /usr/bin/sleep /usr/bin/bash > size-o-t-sleep-bash.txt
size -G -t /usr/bin/sleep /usr/bin/bash > size-G-t-sleep-bash.txt
file /usr/bin/sleep /usr/bin/bash /usr/lib/x86_64-linux-gnu/libc.so.6 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 \
  /lib64/ld-linux-x86-64.so.2 /usr/bin/size /dev/null /tmp /etc > file-many.txt
setarch -R ldd /usr/bin/sleep > ldd-R-sleep.txt
setarch -R ldd /usr/bin/bash > ldd-R-bash.txt
getconf PAGESIZE > getconf-PAGESIZE.txt
# file(1) on the chapter's lab files and on small samples (the same contents are built in tools-mem-elf.test.ts)
(cd ../../../../labs && find . -type f | sort | while read -r f; do printf '%s\t%s\n' "${f#./}" "$(file -b "$f")"; done) > file-labs.txt
tmp=$(mktemp -d)
printf '#!/bin/bash\necho hi\n' > "$tmp/s1"; printf '#!/bin/sh\necho hi\n' > "$tmp/s2"; printf '#!/usr/bin/env bash\necho\n' > "$tmp/s3"
printf '#!/usr/bin/env python3\nprint(1)\n' > "$tmp/s4"; printf '#!/usr/bin/foo\nx\n' > "$tmp/s5"
printf '#include <stdio.h>\nint main(void) { return 0; }\n' > "$tmp/c1.c"; printf 'int main(void)\n{\n\treturn 0;\n}\n' > "$tmp/c2.c"
printf 'CFLAGS = -Wall\n\nall: hello\n' > "$tmp/mk1"; printf 'all: hello\n\nclean:\n\trm -f hello\n' > "$tmp/mk2"
printf 'h\xc3\xa9llo\n' > "$tmp/u8"; printf 'a\r\nb\r\n' > "$tmp/crlf"; printf 'abc' > "$tmp/nonl"; printf 'a\nb\r\nc\n' > "$tmp/mixed"
head -c 400 /dev/zero | tr '\0' 'a' > "$tmp/long"; printf '\x00\x01\x02\xff' > "$tmp/bin"; : > "$tmp/empty"
printf 'hello\033[1m\n' > "$tmp/esc"; printf '\xe9t\xe9\n' > "$tmp/latin1"
for f in s1 s2 s3 s4 s5 c1.c c2.c mk1 mk2 u8 crlf nonl mixed long bin empty esc latin1; do printf '%s\t%s\n' "$f" "$(file -b "$tmp/$f")"; done > file-samples.txt
rm -rf "$tmp"
# Error and edge cases: each as `$ command`, `status N`, then stdout and stderr sections (errors.txt).
tmp=$(mktemp -d); mkdir "$tmp/dir"; : > "$tmp/empty"; echo hello > "$tmp/text.txt"; head -c 100 /etc/services > "$tmp/big.txt"
run() {
  printf '$ %s\n' "$*"
  (cd "$tmp" && "$@" > "$tmp/.out" 2> "$tmp/.err"); printf 'status %d\n--- stdout\n' $?
  cat "$tmp/.out"; printf -- '--- stderr\n'; cat "$tmp/.err"; printf -- '--- end\n'
}
{
  run pmap; run pmap 999999; run pmap -x -d 1; run pmap -A zz 1; run pmap abc; run pmap -V
  run size nosuch; run size text.txt; run size dir; run size empty; run size /dev/null; run size; run size --format=x /usr/bin/sleep
  run readelf -h nosuch; run readelf -h text.txt; run readelf -h big.txt; run readelf -h dir; run readelf -h
  run ldd nosuch; run ldd /etc/passwd; run ldd; run ldd /tmp
  run getconf PAGESIZE; run getconf PAGE_SIZE; run getconf FOO; run getconf; run getconf NAME_MAX /; run getconf NAME_MAX /nonexist
  run setarch foo true; run setarch; run setarch x86_64 -R nosuchcmd; run setarch -R -v true; run setarch --list
  run free -k -m; run file nosuch empty dir
} > errors.txt
rm -rf "$tmp"
