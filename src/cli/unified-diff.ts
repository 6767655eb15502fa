// A unified diff of two lists of lines (`diff -u`'s format, 3 lines of context), for `memsim check`. Blocks are
// small (a few hundred lines at most), so a longest-common-subsequence table is enough.

export interface DiffOptions {
  /** Header names of the two sides (the `---` and `+++` lines). */
  from: string;
  to: string;
  /** Line number of a[0] and b[0] in their files (hunk headers count from there). */
  fromLine?: number;
  toLine?: number;
  context?: number;
}

type Op = { kind: ' ' | '-' | '+'; text: string; a: number; b: number };

/** The diff as text ('' when the two are equal). */
export function unifiedDiff(a: readonly string[], b: readonly string[], opts: DiffOptions): string {
  const ops = editScript(a, b);
  if (ops.every((o) => o.kind === ' ')) return '';
  const context = opts.context ?? 3;
  const fromLine = opts.fromLine ?? 1, toLine = opts.toLine ?? 1;
  const out = [`--- ${opts.from}`, `+++ ${opts.to}`];
  // Hunks: runs of changes with up to `context` unchanged lines around them, merged when their contexts touch.
  const changed = ops.map((o, i) => (o.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = changed[k]! + 1;
    k++;
    while (k < changed.length && changed[k]! - end <= 2 * context) { end = changed[k]! + 1; k++; }
    const stop = Math.min(ops.length, end + context);
    const hunk = ops.slice(start, stop);
    const aCount = hunk.filter((o) => o.kind !== '+').length, bCount = hunk.filter((o) => o.kind !== '-').length;
    const aStart = (hunk.find((o) => o.kind !== '+')?.a ?? hunk[0]!.a) + fromLine;
    const bStart = (hunk.find((o) => o.kind !== '-')?.b ?? hunk[0]!.b) + toLine;
    // diff -u numbers an empty side from the line before it.
    out.push(`@@ -${range(aCount ? aStart : aStart - 1, aCount)} +${range(bCount ? bStart : bStart - 1, bCount)} @@`);
    for (const o of hunk) out.push(o.kind + o.text);
  }
  return out.join('\n') + '\n';
}

function range(start: number, count: number) { return count === 1 ? `${start}` : `${start},${count}`; }

/** The shortest edit script from a to b: unchanged, removed and added lines in order. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length, m = b.length;
  if (n * m > 4_000_000) { // too big for the table: everything removed, then everything added
    return [...a.map((text, i): Op => ({ kind: '-', text, a: i, b: 0 })), ...b.map((text, j): Op => ({ kind: '+', text, a: n, b: j }))];
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const ops: Op[] = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { ops.push({ kind: ' ', text: a[i]!, a: i, b: j }); i++; j++; }
    else if (j < m && (i === n || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) { ops.push({ kind: '+', text: b[j]!, a: i, b: j }); j++; }
    else { ops.push({ kind: '-', text: a[i]!, a: i, b: j }); i++; }
  }
  return ops;
}
