// seq(1) of coreutils 9.1: numbers from FIRST (1) by INCREMENT (1) to LAST. Whole numbers take an exact
// big-integer path (like seq_fast); anything else is computed in long double as FIRST + i*INCREMENT and
// printed with "%.PRECf" (PREC from the operands' decimals), "%g", or the -f format.
import type { Sys } from '../kernel/sys.ts';
import { getopt, quoteArg, UsageError, withUsage } from './lib.ts';
import {
  formatFloat, ldAdd, ldCmp, ldFromInt, ldIsZero, ldMul, parseLongDouble, type LongDouble, type Spec,
} from './printf.ts';

const OPTIONS = {
  withArg: 'fs',
  flags: 'w',
  long: {
    format: { key: 'f', arg: true }, separator: { key: 's', arg: true }, 'equal-width': { key: 'w' },
    help: { key: 'help' }, version: { key: 'version' },
  },
  stopAtOperand: true,
} as const;

const INT_MAX = 2147483647;

interface Operand { value: LongDouble; width: number; precision: number; }

/** seq.c's scan_arg: the value, plus the width and decimals it would print with in its input form. */
function scanArg(arg: string): Operand {
  const { value, end } = parseLongDouble(arg);
  if (end === 0 || end !== arg.length) throw new UsageError(`seq: invalid floating point argument: ${quoteArg(arg)}`);
  if (value.kind === 'nan') throw new UsageError(`seq: invalid ${quoteArg('not-a-number')} argument: ${quoteArg(arg)}`);
  const a = arg.replace(/^[\s+]+/, '');
  let width = 0;
  let precision = INT_MAX;
  const dot = a.indexOf('.');
  if (dot < 0 && !a.includes('p')) precision = 0;
  if (!/[xX]/.test(a) && value.kind === 'num') {
    let fractionLen = 0;
    width = a.length;
    if (dot >= 0) {
      fractionLen = a.slice(dot + 1).search(/[eE]/);
      if (fractionLen < 0) fractionLen = a.length - dot - 1;
      precision = fractionLen;
      width += fractionLen === 0 ? -1 : (dot === 0 || !/\d/.test(a[dot - 1]!)) ? 1 : 0;
    }
    let e = a.indexOf('e');
    if (e < 0) e = a.indexOf('E');
    if (e >= 0) {
      let exponent = parseInt(a.slice(e + 1), 10) || 0;
      precision += exponent < 0 ? -exponent : -Math.min(precision, exponent);
      width -= a.length - e;
      if (exponent < 0) {
        if (dot >= 0) { if (e === dot + 1) width++; } else width++;
        exponent = -exponent;
      } else {
        if (dot >= 0 && precision === 0 && fractionLen) width--;
        exponent -= Math.min(fractionLen, exponent);
      }
      width += exponent;
    }
  }
  return { value, width, precision };
}

/** Checks a -f format: exactly one floating directive (seq.c's long_double_format). */
function parseFormat(fmt: string): { prefix: string; spec: Spec; suffix: string } {
  let i = 0;
  let prefix = '';
  for (; !(fmt[i] === '%' && fmt[i + 1] !== '%'); i += fmt[i] === '%' ? 2 : 1) {
    if (i >= fmt.length) throw new Fatal(`seq: format ${quoteArg(fmt)} has no % directive`);
    prefix += fmt[i] === '%' ? '%' : fmt[i];
  }
  i++;
  let flags = '';
  while (i < fmt.length && "-+#0 '".includes(fmt[i]!)) flags += fmt[i++];
  let m = /^\d*/.exec(fmt.slice(i))!;
  const width = m[0] ? Number(m[0]) : undefined;
  i += m[0].length;
  let prec: number | undefined;
  if (fmt[i] === '.') { i++; m = /^\d*/.exec(fmt.slice(i))!; prec = Number(m[0] || '0'); i += m[0].length; }
  if (fmt[i] === 'L') i++;
  if (i >= fmt.length) throw new Fatal(`seq: format ${quoteArg(fmt)} ends in %`);
  const conv = fmt[i]!;
  if (!'efgaEFGA'.includes(conv)) throw new Fatal(`seq: format ${quoteArg(fmt)} has unknown %${conv} directive`);
  let suffix = '';
  for (i++; i < fmt.length; i += fmt[i] === '%' ? 2 : 1) {
    if (fmt[i] === '%' && fmt[i + 1] !== '%') throw new Fatal(`seq: format ${quoteArg(fmt)} has too many % directives`);
    suffix += fmt[i];
  }
  return { prefix, spec: { flags, width, prec, conv }, suffix };
}
class Fatal extends Error {}

export default async function seq(sys: Sys): Promise<number> {
  return withUsage(sys, 'seq', async () => {
    // A leading "-1" or "-.5" is a negative number, not an option: options end at the first such operand.
    const argv = sys.argv.slice(1);
    let firstNum = argv.findIndex((a) => /^-[.\d]/.test(a));
    if (firstNum < 0) firstNum = argv.length;
    const o = getopt('seq', argv.slice(0, firstNum), OPTIONS);
    if (o.has('help')) { await sys.out('Usage: seq [OPTION]... LAST\n  or:  seq [OPTION]... FIRST LAST\n  or:  seq [OPTION]... FIRST INCREMENT LAST\n'); return 0; }
    if (o.has('version')) { await sys.out('seq (GNU coreutils) 9.1\n'); return 0; }
    const ops = [...o.operands, ...argv.slice(firstNum)];
    if (!ops.length) throw new UsageError('seq: missing operand');
    if (ops.length > 3) throw new UsageError(`seq: extra operand ${quoteArg(ops[3]!)}`);
    const sep = o.get('s') ?? '\n';
    const equalWidth = o.has('w');
    const fmtStr = o.get('f');
    let layout: ReturnType<typeof parseFormat> | undefined;
    try {
      if (fmtStr !== undefined) layout = parseFormat(fmtStr);
    } catch (e) {
      if (e instanceof Fatal) { await sys.err(e.message + '\n'); return 1; }
      throw e;
    }
    if (layout && equalWidth) throw new UsageError('seq: format string may not be specified when printing equal width strings');

    const out: string[] = [];
    let outLen = 0;
    const emit = async (s: string, final = false) => {
      out.push(s);
      outLen += s.length;
      if (outLen > 65536 || final) { const text = out.join(''); out.length = 0; outLen = 0; await sys.out(text); }
    };

    // Whole numbers: exact, any size (seq_fast), when no format/width options get in the way.
    const digits = (s: string) => /^\d+$/.test(s);
    if (digits(ops[0]!) && (ops.length === 1 || digits(ops[1]!)) && (ops.length < 3 || (digits(ops[2]!) && BigInt(ops[1]!) > 0n))
      && !equalWidth && !layout && sep.length === 1) {
      let a = ops.length === 1 ? 1n : BigInt(ops[0]!);
      const step = ops.length === 3 ? BigInt(ops[1]!) : 1n;
      const b = BigInt(ops[ops.length - 1]!);
      if (a <= b) {
        await emit(String(a));
        for (a += step; a <= b; a += step) await emit(sep + a);
        await emit('\n', true);
      }
      return 0;
    }

    let last = scanArg(ops[0]!);
    let first: Operand = { value: ldFromInt(1n), width: 1, precision: 0 };
    let step: Operand = { value: ldFromInt(1n), width: 1, precision: 0 };
    if (ops.length >= 2) {
      first = last;
      last = scanArg(ops[1]!);
      if (ops.length === 3) {
        step = last;
        if (ldIsZero(step.value)) throw new UsageError(`seq: invalid Zero increment value: ${quoteArg(ops[1]!)}`);
        last = scanArg(ops[2]!);
      }
    }

    let spec: Spec;
    let prefix = '', suffix = '';
    if (layout) ({ spec, prefix, suffix } = layout);
    else {
      const prec = Math.max(first.precision, step.precision);
      spec = { flags: '', conv: 'g' };
      if (prec !== INT_MAX && last.precision !== INT_MAX) {
        if (equalWidth) {
          let firstWidth = first.width + (prec - first.precision);
          let lastWidth = last.width + (prec - last.precision);
          if (last.precision && prec === 0) lastWidth--;
          if (last.precision === 0 && prec) lastWidth++;
          if (first.precision === 0 && prec) firstWidth++;
          spec = { flags: '0', width: Math.max(firstWidth, lastWidth), prec, conv: 'f' };
        } else spec = { flags: '', prec, conv: 'f' };
      }
    }
    const fmt = (v: LongDouble) => prefix + formatFloat(v, spec) + suffix;

    const neg = step.value.neg;
    const past = (x: LongDouble) => (neg ? ldCmp(x, last.value) < 0 : ldCmp(last.value, x) < 0);
    if (past(first.value)) return 0;
    let x = first.value;
    for (let i = 1n; ; i++) {
      const x0 = x;
      await emit(fmt(x));
      x = ldAdd(first.value, ldMul(ldFromInt(i), step.value));
      if (past(x)) {
        // A value just past LAST that prints as LAST (rounding) is still printed, as seq.c does.
        const xs = formatFloat(x, spec);
        const parsed = parseLongDouble(xs).value;
        if (!(ldCmp(parsed, last.value) === 0 && xs !== formatFloat(x0, spec))) break;
      }
      await emit(sep);
    }
    await emit('\n', true);
    return 0;
  });
}
