// The malloc capture scenarios: each becomes a small C program (NAME.c), run on Debian 12 with
// `setarch -R strace -e trace=brk,mmap,munmap,write` on a terminal (capture.sh). The unit tests replay the
// same operations against the libc model. Ops: [op, ...args]
//   m i n      p[i] = malloc(n); print "p<i>=%p"
//   c i n s    p[i] = calloc(n, s); print
//   r i n      p[i] = realloc(p[i], n); print
//   f i        free(p[i]); print "f<i>"
//   a i al n   posix_memalign(&p[i], al, n); print
//   A i al n   p[i] = aligned_alloc(al, n); print
//   M i al n   p[i] = memalign(al, n); print
//   u i        print "u<i>=%zu" malloc_usable_size(p[i])
//   o par val  print "o=%d" mallopt(par, val)
//   s          malloc_stats()
const rep = (n, f) => Array.from({ length: n }, (_, i) => f(i)).flat();
const allocs = (n, size, from = 0) => rep(n, (i) => [['m', from + i, size]]);
const frees = (idx) => idx.map((i) => ['f', i]);
export const SCENARIOS = {
  k1x1: allocs(1, 1024),
  k1x3: allocs(3, 1024),
  k1x10: allocs(10, 1024),
  k32x10: allocs(10, 32768),
  k64x3: allocs(3, 65536),
  k64x10: allocs(10, 65536),
  k127x3: allocs(3, 127 * 1024),
  k128x3: allocs(3, 128 * 1024),
  k129x3: allocs(3, 129 * 1024),
  k256x5: allocs(5, 256 * 1024),
  k256x3_free_then2: [...allocs(3, 262144), ...frees([0, 1, 2]), ...allocs(2, 262144, 3)],
  m64x2: [['m', 0, 64 << 20], ['f', 0], ['m', 1, 64 << 20], ['m', 2, 1 << 20], ['f', 2], ['m', 3, 1 << 20]],
  k32x10_freeall: [...allocs(10, 32768), ...frees([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])],
  realloc: [['m', 0, 100], ['r', 0, 200], ['u', 0], ['r', 0, 5000], ['m', 1, 50], ['r', 0, 6000], ['r', 0, 200000], ['u', 0],
    ['r', 0, 300000], ['r', 0, 100000], ['r', 0, 100], ['u', 0], ['r', 1, 40], ['r', 1, 0], ['f', 0], ['m', 2, 20]],
  calloc_order: [['c', 0, 10, 100], ['m', 1, 2000], ['m', 2, 3000], ['m', 3, 2500], ['m', 4, 100], ['f', 1], ['f', 3], ['f', 2],
    ['m', 5, 7000], ['m', 6, 1500], ['c', 7, 300, 4], ['m', 8, 600], ...allocs(10, 48, 10), ...frees([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]),
    ...allocs(10, 40, 20), ['f', 5], ['f', 6], ['m', 30, 2000], ['u', 30], ['c', 31, 1, 3000]],
  bins: [['m', 0, 5000], ['m', 1, 30], ['m', 2, 70000], ['m', 3, 30], ['m', 4, 9000], ['m', 5, 30], ['m', 6, 2000], ['m', 7, 30],
    ['f', 0], ['f', 2], ['f', 4], ['f', 6], ['m', 8, 1200], ['m', 9, 3000], ['m', 10, 60000], ['m', 11, 8000], ['m', 12, 100000],
    ['f', 1], ['f', 3], ['f', 9], ['f', 10], ['m', 13, 20000], ['m', 14, 5000], ['f', 12], ['f', 11], ['m', 15, 40]],
  stats: [['m', 0, 1000], ['m', 1, 200000], ['m', 2, 50000], ['m', 3, 20], ['f', 0], ['f', 2], ['s'], ['f', 1], ['s']],
  mallopt: [['o', -3, 65536], ['m', 0, 100000], ['m', 1, 60000], ['o', -2, 0], ['m', 2, 200], ['m', 3, 50000], ['o', -1, 4096],
    ['f', 3], ['o', -4, 0], ['m', 4, 200000], ['f', 0], ['f', 4]],
  memalign: [['a', 0, 4096, 100], ['A', 1, 64, 200], ['M', 2, 256, 1000], ['m', 3, 24], ['a', 4, 65536, 100000], ['a', 5, 32, 10],
    ['f', 2], ['A', 6, 1024, 3000], ['u', 6], ['f', 0], ['f', 1], ['f', 4], ['f', 6], ['m', 7, 300000], ['a', 8, 4096, 300000]],
  trim: [['m', 0, 100000], ['m', 1, 100000], ['m', 2, 100000], ['f', 2], ['f', 1], ['m', 3, 2000], ['f', 0], ['m', 4, 300000], ['f', 4],
    ['m', 5, 400000], ['m', 6, 500000], ['f', 5], ['f', 6], ['f', 3]],
};

export function cSource(name, ops) {
  const n = Math.max(0, ...ops.filter((o) => typeof o[1] === 'number' && 'mcrfaAMu'.includes(o[0])).map((o) => o[1])) + 1;
  const L = ['#include <stdio.h>', '#include <stdlib.h>', '#include <malloc.h>', '', `/* scenario ${name} */`, 'int main(void)', '{', `\tvoid *p[${n}];`];
  for (const [op, a, b, c] of ops) {
    switch (op) {
      case 'm': L.push(`\tp[${a}] = malloc(${b});`, `\tprintf("p${a}=%p\\n", p[${a}]);`); break;
      case 'c': L.push(`\tp[${a}] = calloc(${b}, ${c});`, `\tprintf("p${a}=%p\\n", p[${a}]);`); break;
      case 'r': L.push(`\tp[${a}] = realloc(p[${a}], ${b});`, `\tprintf("p${a}=%p\\n", p[${a}]);`); break;
      case 'f': L.push(`\tfree(p[${a}]);`, `\tprintf("f${a}\\n");`); break;
      case 'a': L.push(`\tif (posix_memalign(&p[${a}], ${b}, ${c})) return 1;`, `\tprintf("p${a}=%p\\n", p[${a}]);`); break;
      case 'A': L.push(`\tp[${a}] = aligned_alloc(${b}, ${c});`, `\tprintf("p${a}=%p\\n", p[${a}]);`); break;
      case 'M': L.push(`\tp[${a}] = memalign(${b}, ${c});`, `\tprintf("p${a}=%p\\n", p[${a}]);`); break;
      case 'u': L.push(`\tprintf("u${a}=%zu\\n", malloc_usable_size(p[${a}]));`); break;
      case 'o': L.push(`\tprintf("o=%d\\n", mallopt(${a}, ${b}));`); break;
      case 's': L.push('\tmalloc_stats();'); break;
      default: throw new Error(op);
    }
  }
  L.push('\treturn 0;', '}', '');
  return L.join('\n');
}
