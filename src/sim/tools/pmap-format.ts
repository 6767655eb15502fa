// How pmap(1) (procps-ng, pmap.c) names and prints one mapping, shared by pmap (tools/pmap.ts, loaded when
// someone runs it) and the machine's memory-map snapshots (sim/timeline), whose rows must read exactly as
// `pmap -x PID` prints them.

/** pmap.c's Mode column from a maps perms field: 'r-xp' → 'r-x--', 'rw-s' → 'rw-s-' (a private 'p' shows as '-'). */
export function pmapMode(perms: string): string {
  const pm = perms[3] === 'p' ? perms.slice(0, 3) + '-' + perms.slice(4) : perms;
  return (pm + '-----').slice(0, 4) + '-';
}

/**
 * mapping_name(): the basename of the maps line's path (from its first '/' with -p), else '  [ stack ]' when
 * the process's start_stack lies in [start, start + len] (inclusive, as pmap.c compares), else '  [ anon ]'.
 */
export function pmapMappingName(line: string, startStack: bigint, start: bigint, len: bigint, showPath: boolean): string {
  const slash = line.lastIndexOf('/');
  if (slash >= 0) {
    if (showPath) return line.slice(line.indexOf('/'));
    return slash + 1 < line.length ? line.slice(slash + 1) : line.slice(slash);
  }
  if (startStack >= start && startStack <= start + len) return '  [ stack ]';
  return '  [ anon ]';
}

/** The -x column widths: justify_print() of the headers Address/Kbytes/RSS/Dirty/Mode over 16/7/7/7/5. */
export const PMAP_X_WIDTHS = [16, 7, 7, 7, 5] as const;

/** One `pmap -x` row: "%0*lx %*lu %*lu %*lu %*s %s" with the widths above (sizes in KiB). */
export function pmapExtendedRow(start: bigint, kbytes: bigint | number, rss: bigint | number, dirty: bigint | number, mode: string, name: string): string {
  const [w1, w2, w3, w4, w5] = PMAP_X_WIDTHS;
  return `${start.toString(16).padStart(w1, '0')} ${String(kbytes).padStart(w2)} ${String(rss).padStart(w3)} ` +
    `${String(dirty).padStart(w4)} ${mode.padStart(w5)} ${name}`;
}
