// The shell's parser and lexer on their own: tree shapes, quoting parts, here-documents, and which syntax
// errors are "incomplete" (an interactive shell then prompts with PS2) rather than plain errors.
import { describe, expect, it } from 'vitest';
import { Parser, ParseError } from '../../src/sim/shell/parser.ts';
import type { Command, List } from '../../src/sim/shell/ast.ts';
import { evalArith } from '../../src/sim/shell/arith.ts';
import { braceExpand, globMatch } from '../../src/sim/shell/expand.ts';

const parse = (src: string): List[] => new Parser(src).all();
const first = (src: string): Command => parse(src)[0]!.items[0]!.andor.first.cmds[0]!;
const parseError = (src: string): ParseError => {
  try { parse(src); } catch (e) { if (e instanceof ParseError) return e; throw e; }
  throw new Error(`no error for ${src}`);
};

describe('shell parser', () => {
  it('splits lists, and-or lists and pipelines', () => {
    const [l] = parse('a | b && c || d; e &');
    expect(l!.items).toHaveLength(2);
    expect(l!.items[0]!.andor.first.cmds).toHaveLength(2);
    expect(l!.items[0]!.andor.rest.map((r) => r.op)).toEqual(['&&', '||']);
    expect(l!.items[1]!.async).toBe(true);
  });

  it('keeps quoting structure in words', () => {
    const c = first(`echo 'a b' "x $y" \\z $(date) \`id\` $((1+2))`);
    expect(c.type).toBe('simple');
    if (c.type !== 'simple') return;
    expect(c.words.map((w) => w.parts.map((p) => p.t).join(','))).toEqual(['lit', 'sq', 'dq', 'sq', 'cmd', 'cmd', 'arith']);
  });

  it('recognises assignments only before the command name', () => {
    const c = first('A=1 B+=2 cmd C=3');
    if (c.type !== 'simple') throw new Error('simple expected');
    expect(c.assigns.map((a) => [a.name, a.append])).toEqual([['A', false], ['B', true]]);
    expect(c.words.map((w) => w.raw)).toEqual(['cmd', 'C=3']);
  });

  it('parses redirections with fds', () => {
    const c = first('cmd 2>&1 >out <in 3<>rw &>all >>app <<<str');
    expect(c.redirs.map((r) => [r.fd ?? null, r.op, r.target.raw])).toEqual([
      [2, '>&', '1'], [null, '>', 'out'], [null, '<', 'in'], [3, '<>', 'rw'], [null, '&>', 'all'], [null, '>>', 'app'], [null, '<<<', 'str'],
    ]);
  });

  it('reads here-document bodies after the line, quoted or not', () => {
    const [l] = parse("cat <<EOF; cat <<-'X'\nhello $u\nEOF\n\tliteral $u\n\tX\n");
    const a = l!.items[0]!.andor.first.cmds[0]!.redirs[0]!.heredoc!;
    const b = l!.items[1]!.andor.first.cmds[0]!.redirs[0]!.heredoc!;
    expect(a.quoted).toBe(false);
    expect(a.body!.parts.map((p) => p.t)).toEqual(['sq', 'param', 'sq']);
    expect(b.quoted).toBe(true);
    expect(b.body!.parts).toEqual([{ t: 'sq', v: 'literal $u\n' }]);
  });

  it('parses compound commands and functions', () => {
    expect(first('if a; then b; elif c; then d; else e; fi').type).toBe('if');
    expect(first('while a; do b; done').type).toBe('loop');
    expect(first('for i in 1 2; do :; done').type).toBe('for');
    expect(first('for ((i=0;i<3;i++)); do :; done').type).toBe('arithfor');
    expect(first('case x in a|b) :;; *) ;; esac').type).toBe('case');
    expect(first('f() { :; }').type).toBe('func');
    expect(first('function g { :; }').type).toBe('func');
    expect(first('( a; b )').type).toBe('subshell');
    expect(first('{ a; }').type).toBe('group');
    expect(first('(( x++ ))').type).toBe('arith');
    expect(first('[[ -f x && $a == b* ]]').type).toBe('cond');
  });

  it('parses $(...) bodies with nested parentheses and case patterns', () => {
    const c = first('echo $(case x in (a) echo ")";; esac; (echo sub))');
    if (c.type !== 'simple') throw new Error();
    const p = c.words[1]!.parts[0]!;
    expect(p.t).toBe('cmd');
  });

  it('reports unexpected tokens like bash', () => {
    const e = parseError('echo )');
    expect(e.message).toBe("syntax error near unexpected token `)'");
    expect(e.incomplete).toBe(false);
    expect(parseError('a && && b').message).toBe("syntax error near unexpected token `&&'");
    expect(parseError('echo >').message).toBe("syntax error near unexpected token `newline'");
    expect(parseError('fi').message).toBe("syntax error near unexpected token `fi'");
  });

  it('marks unfinished input as incomplete (PS2 continuation)', () => {
    for (const src of ['if true', 'echo "abc', "echo 'x", 'a |', 'a &&', 'for i in 1; do', 'f() {', 'echo $(date', 'case x in']) {
      const e = parseError(src);
      expect(e.incomplete, src).toBe(true);
    }
    expect(parseError('if true; then').message).toBe('syntax error: unexpected end of file');
    expect(parseError('echo "abc').message).toBe("unexpected EOF while looking for matching `\"'");
  });

  it('parses one complete command at a time', () => {
    const p = new Parser('echo a\necho )\n');
    expect(p.next()).not.toBeNull();
    expect(() => p.next()).toThrow(ParseError);
  });
});

describe('shell arithmetic', () => {
  const vars = new Map<string, string>();
  const env = { get: (n: string) => vars.get(n), set: (n: string, v: string) => { vars.set(n, v); } };
  const ev = (e: string) => evalArith(e, env);
  it('has C precedence and 64-bit wrap-around', () => {
    expect(ev('1 + 2 * 3')).toBe(7n);
    expect(ev('(1 + 2) * 3')).toBe(9n);
    expect(ev('2 ** 3 ** 2')).toBe(512n);
    expect(ev('-7 / 2')).toBe(-3n);
    expect(ev('-7 % 3')).toBe(-1n);
    expect(ev('1 << 63')).toBe(-(2n ** 63n));
    expect(ev('9223372036854775807 + 1')).toBe(-(2n ** 63n));
    expect(ev('5 > 3 && 2 > 1 || 0')).toBe(1n);
    expect(ev('6 & 3 | 8 ^ 1')).toBe(11n);
    expect(ev('~0')).toBe(-1n);
    expect(ev('!5')).toBe(0n);
    expect(ev('1 ? 2 : 3')).toBe(2n);
    expect(ev('0x1F + 010 + 2#101 + 36#z')).toBe(31n + 8n + 5n + 35n);
  });
  it('assigns, increments, and evaluates variables recursively', () => {
    vars.clear();
    expect(ev('x = 5, x += 2, x *= 3')).toBe(21n);
    expect(vars.get('x')).toBe('21');
    expect(ev('x++')).toBe(21n);
    expect(ev('++x')).toBe(23n);
    vars.set('e', 'x + 1');
    expect(ev('e * 2')).toBe(48n);
    expect(ev('unset_var + 1')).toBe(1n);
  });
  it('short-circuits', () => {
    vars.clear();
    expect(ev('0 && (y = 1)')).toBe(0n);
    expect(vars.has('y')).toBe(false);
  });
  it('fails with bash messages', () => {
    expect(() => ev('1/0')).toThrow('1/0: division by 0 (error token is "0")');
    expect(() => ev('1+')).toThrow('1+: syntax error: operand expected (error token is "+")');
    expect(() => ev('08')).toThrow('08: value too great for base (error token is "08")');
  });
});

describe('shell patterns and braces', () => {
  it('matches globs', () => {
    expect(globMatch('*.c', 'a.c')).toBe(true);
    expect(globMatch('*.c', 'a.h')).toBe(false);
    expect(globMatch('?', 'ab')).toBe(false);
    expect(globMatch('[a-c]x', 'bx')).toBe(true);
    expect(globMatch('[!a-c]x', 'bx')).toBe(false);
    expect(globMatch('[[:digit:]]*', '1abc')).toBe(true);
    expect(globMatch('\\*', '*')).toBe(true);
    expect(globMatch('\\*', 'x')).toBe(false);
  });
  it('expands braces', () => {
    const words = (raw: string) => braceExpand({ parts: [{ t: 'lit', v: raw }], raw }).map((w) => (w.parts[0] as { v: string }).v);
    expect(words('a{b,c}d')).toEqual(['abd', 'acd']);
    expect(words('{1..3}')).toEqual(['1', '2', '3']);
    expect(words('{3..1}')).toEqual(['3', '2', '1']);
    expect(words('{01..03}')).toEqual(['01', '02', '03']);
    expect(words('{a..c}')).toEqual(['a', 'b', 'c']);
    expect(words('{a,b}{1,2}')).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(words('{x}')).toEqual(['{x}']);
  });
});
