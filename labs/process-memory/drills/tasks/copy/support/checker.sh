#!/bin/sh
# Copy inputs of several sizes with both programs and compare each copy with
# its source. SIZES may be set to check only some of them, e.g.
#   SIZES="0 100 24576" sh ./checker.sh
# Leaves in.dat as the last input checked (32 MiB by default).

SIZES=${SIZES:-"0 100 24576 1048576 33554432"}
failed=0

for size in $SIZES; do
	head -c "$size" /dev/urandom > in.dat
	for prog in mmap_copy read_write_copy; do
		rm -f out.dat
		if ./$prog > /dev/null && cmp -s in.dat out.dat; then
			echo "$prog $size bytes: passed"
		else
			echo "$prog $size bytes: FAILED"
			failed=1
		fi
	done
done

rm -f out.dat
exit $failed
