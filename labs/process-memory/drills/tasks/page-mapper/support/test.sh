#!/bin/sh
# Check that mapping N pages grows VmSize by N * 4 KiB (4 KiB pages).

status=0
for n in 1 10 100; do
	out=$(./page_mapper "$n") || { echo "page_mapper $n: FAILED (exit status)"; status=1; continue; }
	# Lines look like "before: VmSize:   2476 kB": the number is word 3.
	set -- $(echo "$out" | grep '^before:')
	before=$3
	set -- $(echo "$out" | grep '^after:')
	after=$3
	expected=$((n * 4))
	if [ -n "$before" ] && [ -n "$after" ] && [ $((after - before)) -eq "$expected" ]; then
		echo "page_mapper $n: passed (VmSize $before kB -> $after kB)"
	else
		echo "page_mapper $n: FAILED (VmSize $before kB -> $after kB, expected +$expected kB)"
		status=1
	fi
done
exit $status
