// C types of the x86-64 System V ABI (LP64): sizes, alignments, the usual arithmetic conversions, and the
// names gcc prints in diagnostics ('long int', 'char *', 'const char *').

export interface Field { name: string; type: CType; offset: number; }
/** Where a prototype's parameter was declared: its name, and the column its declaration starts at (gcc's notes). */
export interface ParamLoc { file: string; line: number; col: number; len: number; declCol: number; }

export type CType =
  | { k: 'void'; c?: boolean; td?: string }
  | { k: 'int'; size: 1 | 2 | 4 | 8; signed: boolean; name: string; c?: boolean; td?: string; bool?: boolean }
  | { k: 'float'; size: 4 | 8 | 16; c?: boolean; td?: string }
  | { k: 'ptr'; to: CType; c?: boolean; td?: string }
  | { k: 'arr'; of: CType; n: number | undefined; c?: boolean; td?: string }
  | { k: 'fn'; ret: CType; params: CType[]; variadic: boolean; proto: boolean; c?: boolean; td?: string; names?: string[]; paramLocs?: ParamLoc[] }
  | { k: 'struct'; tag: string; union: boolean; def: StructDef; c?: boolean; td?: string };

export interface StructDef { fields: Field[] | undefined; size: number; align: number; id: number; }

const I = (size: 1 | 2 | 4 | 8, signed: boolean, name: string): CType => ({ k: 'int', size, signed, name });
export const T = {
  void: { k: 'void' } as CType,
  bool: { k: 'int', size: 1, signed: false, name: '_Bool', bool: true } as CType,
  char: I(1, true, 'char'),
  schar: I(1, true, 'signed char'),
  uchar: I(1, false, 'unsigned char'),
  short: I(2, true, 'short int'),
  ushort: I(2, false, 'short unsigned int'),
  int: I(4, true, 'int'),
  uint: I(4, false, 'unsigned int'),
  long: I(8, true, 'long int'),
  ulong: I(8, false, 'long unsigned int'),
  llong: I(8, true, 'long long int'),
  ullong: I(8, false, 'long long unsigned int'),
  float: { k: 'float', size: 4 } as CType,
  double: { k: 'float', size: 8 } as CType,
  ldouble: { k: 'float', size: 16 } as CType,
};

export const ptr = (to: CType): CType => ({ k: 'ptr', to });

export function sizeOf(t: CType): number {
  switch (t.k) {
    case 'void': return 1;
    case 'int': return t.size;
    case 'float': return t.size;
    case 'ptr': return 8;
    case 'arr': return (t.n ?? 0) * sizeOf(t.of);
    case 'fn': return 1;
    case 'struct': return t.def.size;
  }
}

export function alignOf(t: CType): number {
  switch (t.k) {
    case 'arr': return alignOf(t.of);
    case 'struct': return t.def.align;
    case 'void': case 'fn': return 1;
    default: return sizeOf(t);
  }
}

export const isInt = (t: CType) => t.k === 'int';
export const isFloat = (t: CType) => t.k === 'float';
export const isArith = (t: CType) => t.k === 'int' || t.k === 'float';
export const isPtr = (t: CType) => t.k === 'ptr';
export const isScalar = (t: CType) => t.k === 'int' || t.k === 'float' || t.k === 'ptr';
export const isVoid = (t: CType) => t.k === 'void';
export const isComplete = (t: CType) => t.k !== 'void' && !(t.k === 'struct' && !t.def.fields) && !(t.k === 'arr' && t.n === undefined);

export function unqual(t: CType): CType { if (!t.c && !t.td) return t; const c = { ...t }; delete c.c; delete c.td; return c as CType; }
export function qualified(t: CType, c: boolean): CType { return c ? { ...t, c: true } as CType : t; }

/** Integer promotion: char, short (and _Bool) → int. */
export function promote(t: CType): CType {
  if (t.k === 'int' && t.size < 4) return T.int;
  if (t.k === 'int') return unqual(t);
  return t;
}

/** The usual arithmetic conversions. */
export function common(a: CType, b: CType): CType {
  if (a.k === 'float' || b.k === 'float') {
    const sa = a.k === 'float' ? a.size : 0, sb = b.k === 'float' ? b.size : 0;
    return sa >= sb ? unqual(a) : unqual(b);
  }
  const pa = promote(a), pb = promote(b);
  if (pa.k !== 'int' || pb.k !== 'int') return pa;
  if (pa.size === pb.size) {
    if (pa.signed === pb.signed) return pa.size === 8 && (pa.name.includes('long long') || pb.name.includes('long long')) ? (pa.name.includes('long long') ? pa : pb) : pa;
    return pa.signed ? pb : pa;
  }
  const big = pa.size > pb.size ? pa : pb;
  return big;
}

export function sameType(a: CType, b: CType): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'int': return b.k === 'int' && a.size === b.size && a.signed === b.signed && !!a.bool === !!b.bool && (a.size !== 1 || a.name === b.name);
    case 'float': return b.k === 'float' && a.size === b.size;
    case 'ptr': return b.k === 'ptr' && sameType(a.to, b.to) && !!a.to.c === !!b.to.c;
    case 'arr': return b.k === 'arr' && sameType(a.of, b.of) && (a.n === b.n || a.n === undefined || b.n === undefined);
    case 'struct': return b.k === 'struct' && a.def === b.def;
    case 'fn': return b.k === 'fn' && sameType(a.ret, b.ret) && (!a.proto || !b.proto || (a.params.length === b.params.length && a.variadic === b.variadic && a.params.every((p, i) => sameType(unqual(p), unqual(b.params[i]!)))));
    case 'void': return true;
  }
}

/** The type name as gcc prints it ('const char *', 'int (*)(int)', 'struct point', 'char[16]'). */
export function typeName(t: CType): string {
  if (t.td) return (t.c ? 'const ' : '') + t.td;
  return declName(t, '');
}

function baseName(t: CType): string {
  const c = t.c ? 'const ' : '';
  switch (t.k) {
    case 'void': return c + 'void';
    case 'int': return c + t.name;
    case 'float': return c + (t.size === 4 ? 'float' : t.size === 8 ? 'double' : 'long double');
    // the va_list record is a builtin type to gcc, printed without `struct`
    case 'struct': return c + (t.tag === '__va_list_tag' ? '' : t.union ? 'union ' : 'struct ') + (t.tag || '<anonymous>');
    default: return '';
  }
}

function declName(t: CType, inner: string): string {
  switch (t.k) {
    case 'ptr': {
      const q = t.c ? ' const' : '';
      const to = t.to;
      if (to.k === 'arr' || to.k === 'fn') return declName(to, `(*${q}${inner})`);
      const b = to.td ? (to.c ? 'const ' : '') + to.td : to.k === 'ptr' ? '' : baseName(to);
      if (to.k === 'ptr' && !to.td) return declName(to, `*${q}${inner}`);
      return `${b} *${q}${inner}`.replace(/\* \*/g, '**');
    }
    case 'arr': return declName(t.of, `${inner}[${t.n ?? ''}]`);
    case 'fn': {
      const ps = t.proto ? (t.params.length ? t.params.map(typeName).join(', ') + (t.variadic ? ', ...' : '') : 'void') : '';
      return declName(t.ret, `${inner}(${ps})`);
    }
    default: {
      const b = t.td ? (t.c ? 'const ' : '') + t.td : baseName(t);
      return inner ? `${b} ${inner}`.replace(/ \(/, ' (') : b;
    }
  }
}

/** Array and function types decay to pointers in rvalue contexts. */
export function decay(t: CType): CType {
  if (t.k === 'arr') return ptr(t.of);
  if (t.k === 'fn') return ptr(t);
  return t;
}
