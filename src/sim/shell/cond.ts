// [[ ... ]]: bash's conditional command. Operands are expanded without word splitting or globbing; the right
// side of == and != is a pattern (quoted parts match literally), =~ is an extended regular expression whose
// groups land in BASH_REMATCH, -eq and friends evaluate arithmetic, and file/string tests are test(1)'s.
import type { Shell } from './exec.ts';
import type { CondExpr } from './ast.ts';
import { globMatch } from './expand.ts';
import { testExpr } from './builtins/test.ts';

export async function condExpr(sh: Shell, e: CondExpr): Promise<number> {
  switch (e.op) {
    case 'and': return (await condExpr(sh, e.l)) === 0 && (await condExpr(sh, e.r)) === 0 ? 0 : 1;
    case 'or': return (await condExpr(sh, e.l)) === 0 || (await condExpr(sh, e.r)) === 0 ? 0 : 1;
    case 'not': return (await condExpr(sh, e.e)) === 0 ? 1 : 0;
    case 'word': return (await sh.expander.string(e.w)) !== '' ? 0 : 1;
    case 'unary': return testExpr(sh, [e.flag, await sh.expander.string(e.arg)], '[[');
    case 'binary': {
      const l = await sh.expander.string(e.l);
      if (e.cmp === '==' || e.cmp === '=' || e.cmp === '!=') {
        const m = globMatch(await sh.expander.pattern(e.r), l);
        return (e.cmp === '!=' ? !m : m) ? 0 : 1;
      }
      if (e.cmp === '=~') {
        const re = await sh.expander.regex(e.r);
        try {
          const m = new RegExp(re).exec(l);
          if (m) {
            sh.vars.set('BASH_REMATCH', { value: m[0], exported: false, readonly: false, array: m.map((x) => x ?? '') });
            return 0;
          }
          return 1;
        } catch { return 2; }
      }
      const r = await sh.expander.string(e.r);
      if (['-eq', '-ne', '-lt', '-le', '-gt', '-ge'].includes(e.cmp)) {
        const a = sh.arith(l), b = sh.arith(r);
        const ok = { '-eq': a === b, '-ne': a !== b, '-lt': a < b, '-le': a <= b, '-gt': a > b, '-ge': a >= b }[e.cmp];
        return ok ? 0 : 1;
      }
      return testExpr(sh, [l, e.cmp, r], '[[');
    }
  }
}
