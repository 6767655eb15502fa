#!/bin/sh
# Compare the two copies on a cold page cache: drop the cache (as root),
# copy with mmap, drop it again, copy with read/write.

drop_caches() {
	sudo sh -c "sync; echo 3 > /proc/sys/vm/drop_caches"
}

echo "Benchmarking mmap_copy on in.dat"
drop_caches
./mmap_copy

echo "Benchmarking read_write_copy on in.dat"
drop_caches
./read_write_copy
