// The helpers behind the system tools, checked against values the real tools print on Debian 12
// (coreutils 9.1). Each expectation names the command it was taken from.
import { describe, expect, it } from 'vitest';
import {
  HUMAN_AUTOSCALE, HUMAN_B, HUMAN_BASE_1024, HUMAN_ROUND, HUMAN_SI, HUMAN_SPACE, adjustMode, compileMode, humanReadable,
  modeString, permString, quoteLocale, shellQuote, quoteIfNeeded, strftime,
} from '../../src/sim/tools/lib.ts';
import { formatG } from '../../src/sim/tools/dd.ts';
import { parseDate } from '../../src/sim/tools/date.ts';

const LS_H = HUMAN_AUTOSCALE | HUMAN_SI | HUMAN_BASE_1024;
const DD = HUMAN_AUTOSCALE | HUMAN_ROUND | HUMAN_SPACE | HUMAN_SI | HUMAN_B;

describe('humanReadable (gnulib human.c)', () => {
  it('ls -lh sizes round up, one decimal below 10', () => {
    // for n in ...; do truncate -s $n f; ls -lh f; done
    const cases: [number, string][] = [[0, '0'], [1, '1'], [999, '999'], [1000, '1000'], [1023, '1023'], [1024, '1.0K'], [1500, '1.5K'],
      [10240, '10K'], [10241, '11K'], [1048576, '1.0M'], [1048577, '1.1M'], [1073741824, '1.0G'], [123456789, '118M']];
    for (const [n, s] of cases) expect(humanReadable(n, LS_H)).toBe(s);
  });
  it('ls --si uses powers of 1000 and a lowercase k', () => {
    // ls -l --si f
    const cases: [number, string][] = [[999, '999'], [1000, '1.0k'], [1023, '1.1k'], [1500, '1.5k'], [10240, '11k'], [1048577, '1.1M'], [123456789, '124M']];
    for (const [n, s] of cases) expect(humanReadable(n, HUMAN_AUTOSCALE | HUMAN_SI)).toBe(s);
  });
  it('ls -s / total: 512-byte blocks shown in KiB, rounded up', () => {
    expect(humanReadable(8, 0, 512, 1024)).toBe('4');
    expect(humanReadable(3, 0, 512, 1024)).toBe('2');
    expect(humanReadable(24, LS_H, 512, 1)).toBe('12K'); // numfmt --to=iec --round=up 12288
    expect(humanReadable(2048, LS_H, 512, 1)).toBe('1.0M');
  });
  it("dd's byte counts and rates", () => {
    // dd if=/dev/zero of=/dev/null bs=... count=...
    expect(humanReadable(1000, DD)).toBe('1.0 kB');
    expect(humanReadable(1000, DD | HUMAN_BASE_1024)).toBe('1000 B');
    expect(humanReadable(2097152, DD)).toBe('2.1 MB');
    expect(humanReadable(2097152, DD | HUMAN_BASE_1024)).toBe('2.0 MiB');
    expect(humanReadable(1024000, DD | HUMAN_BASE_1024)).toBe('1000 KiB');
    expect(humanReadable(1048576000, DD)).toBe('1.0 GB');
    expect(humanReadable(2147483648, DD | HUMAN_BASE_1024)).toBe('2.0 GiB');
    expect(humanReadable(512, DD)).toBe('512 B');
    // "1 byte copied, 0.000271838 s, 3.7 kB/s"; "512 bytes copied, 4.4183e-05 s, 11.6 MB/s"
    expect(humanReadable(1, DD, 1e9, 271838)).toBe('3.7 kB');
    expect(humanReadable(512, DD, 1e9, 44183)).toBe('11.6 MB');
    expect(humanReadable(15, DD, 1e9, 51777)).toBe('290 kB');
    expect(humanReadable(2147483648, DD, 1e9, 3304830000)).toBe('650 MB');
    expect(humanReadable(0, DD, 1e9, 36919)).toBe('0.0 kB');
  });
  it('formats seconds as printf %g', () => {
    // printf '%g' 0.000271838 4.4183e-05 3.30483 0.0751471 123456789 0.1
    expect(formatG(0.000271838)).toBe('0.000271838');
    expect(formatG(4.4183e-5)).toBe('4.4183e-05');
    expect(formatG(3.30483)).toBe('3.30483');
    expect(formatG(0.0751471)).toBe('0.0751471');
    expect(formatG(123456789)).toBe('1.23457e+08');
    expect(formatG(0.1)).toBe('0.1');
    expect(formatG(0)).toBe('0');
  });
});

describe('modes', () => {
  it('modeString as ls -l shows them', () => {
    expect(modeString(0o100644)).toBe('-rw-r--r--');
    expect(modeString(0o104711)).toBe('-rws--x--x');
    expect(modeString(0o041777)).toBe('drwxrwxrwt');
    expect(modeString(0o041755)).toBe('drwxr-xr-t');
    expect(modeString(0o107600)).toBe('-rwS--S--T'); // chmod u+s,g+s,o+t on 0600
    expect(modeString(0o120777)).toBe('lrwxrwxrwx');
    expect(modeString(0o020666)).toBe('crw-rw-rw-');
    expect(permString(0o7777)).toBe('rwsrwsrwt');
  });
  it('compiles and applies modes as chmod does', () => {
    const apply = (spec: string, old: number, dir = false, umask = 0o022) => adjustMode(old, dir, umask, compileMode(spec)!);
    expect(apply('755', 0o644)).toBe(0o755);
    expect(apply('u+x,g-w', 0o664)).toBe(0o744);
    expect(apply('+x', 0o644)).toBe(0o755); // under umask 022
    expect(apply('+w', 0o444)).toBe(0o644);
    expect(apply('-w', 0o666)).toBe(0o466); // umask keeps g+w, o+w: "new permissions are r--rw-rw-"
    expect(apply('a=r', 0o777)).toBe(0o444);
    expect(apply('go=', 0o755)).toBe(0o700);
    expect(apply('a+X', 0o700)).toBe(0o711);
    expect(apply('a+X', 0o600)).toBe(0o600);
    expect(apply('a+X', 0o600, true)).toBe(0o711);
    expect(apply('g=u', 0o640)).toBe(0o660);
    expect(apply('u+s,g+s,o+t', 0o600)).toBe(0o7600);
    expect(apply('=,u+rwx', 0o644)).toBe(0o700);
    // chmod 755 on a setgid directory keeps the bit; 00755 clears it
    expect(apply('755', 0o2755, true)).toBe(0o2755);
    expect(apply('0755', 0o2755, true)).toBe(0o2755);
    expect(apply('00755', 0o2755, true)).toBe(0o755);
    for (const bad of ['8', 'zz', '+z', 'u+', 'x', '7777 ', '77777', 'u+rw,']) {
      if (bad === 'u+') continue;
      expect(compileMode(bad), bad).toBeUndefined();
    }
    expect(compileMode('u+')).toBeDefined(); // chmod u+ f: accepted, changes nothing
  });
});

describe('quoting', () => {
  it("shell-escape quoting of file names (ls -l on a tty, cp -v, 'cannot access')", () => {
    // ls -- NAME (errors) for each name
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe('"it\'s"');
    expect(shellQuote('nl\nx')).toBe("'nl'$'\\n''x'");
    expect(shellQuote('a\tb')).toBe("'a'$'\\t''b'");
    expect(shellQuote('plain')).toBe("'plain'");
    // cat -- NAME: quoted only when needed
    for (const n of ['a=b', 'a^b', 'a?b', '{', '#a', '~a', 'a:b', 'a"b', 'a\\b', 'a$b', 'a!b']) expect(quoteIfNeeded(n), n).toBe(`'${n}'`);
    for (const n of ['a{b', 'a#b', 'a~', 'a,b', 'a@b', 'a%b', 'a+b', 'é', 'a]b', 'a}b', '-a']) expect(quoteIfNeeded(n), n).toBe(n);
  });
  it('locale quoting uses curly quotes in C.UTF-8 (mkdir: cannot create directory ‘x’)', () => {
    expect(quoteLocale('x')).toBe('‘x’');
    expect(quoteLocale('a\nb')).toBe('‘a\\nb’');
    expect(quoteLocale('a\\b')).toBe('‘a\\\\b’');
  });
});

describe('time', () => {
  const t = Date.UTC(2026, 10, 26, 23, 30, 21) + 538.25; // ms as a double: ns precision is not representable at this epoch
  it('strftime in the C locale, UTC', () => {
    // date -d "2026-11-26 23:30:21.53825" +'%a|%A|...'
    expect(strftime('%a|%A|%b|%B|%c|%C|%d|%D|%e|%F|%g|%G|%h|%H|%I|%j|%k|%l|%m|%M|%N|%p|%P|%r|%R|%s|%S|%T|%u|%U|%V|%w|%W|%x|%X|%y|%Y|%z|%:z|%::z|%Z|%%|%q|%-d|%_m|%05d|%^a|%#Z|%3N|%10Y|%-e|%Ey|%Od|%i|%', t))
      .toBe('Thu|Thursday|Nov|November|Thu Nov 26 23:30:21 2026|20|26|11/26/26|26|2026-11-26|26|2026|Nov|23|11|330|23|11|11|30|538250000|PM|pm|11:30:21 PM|23:30|1795735821|21|23:30:21|4|47|48|4|47|11/26/26|23:30:21|26|2026|+0000|+00:00|+00:00:00|UTC|%|4|26|11|00026|THU|utc|538|0000002026|26|26|26|%i|%');
    // date -d '2026-01-04 05:06:07' +'%a %U %V %W %G %g %j %l %k %I %p'
    expect(strftime('%a %U %V %W %G %g %j %l %k %I %p', Date.UTC(2026, 0, 4, 5, 6, 7))).toBe('Sun 01 01 00 2026 26 004  5  5 05 AM');
    expect(strftime('%a %b %e %H:%M:%S %Z %Y', 0)).toBe('Thu Jan  1 00:00:00 UTC 1970');
    expect(strftime('%a %b %e %H:%M:%S %Z %Y', -1000)).toBe('Wed Dec 31 23:59:59 UTC 1969');
  });
  it('parses the date strings date -d and touch -d take', () => {
    const now = Date.UTC(2026, 10, 26, 23, 30, 21);
    const iso = (s: string) => { const v = parseDate(s, now); return v === undefined ? undefined : new Date(v).toISOString(); };
    expect(iso('@0')).toBe('1970-01-01T00:00:00.000Z');
    expect(iso('@1.5')).toBe('1970-01-01T00:00:01.500Z');
    expect(iso('Thu Nov 26 23:17:31 UTC 2026')).toBe('2026-11-26T23:17:31.000Z');
    expect(iso('2 days ago')).toBe('2026-11-24T23:30:21.000Z');
    expect(iso('next week')).toBe('2026-12-03T23:30:21.000Z');
    expect(iso('2026-11-26T10:00:00Z')).toBe('2026-11-26T10:00:00.000Z');
    expect(iso('2026-11-26 10:00 +0100')).toBe('2026-11-26T09:00:00.000Z');
    expect(iso('Nov 26')).toBe('2026-11-26T00:00:00.000Z');
    expect(iso('26 Nov 2025')).toBe('2025-11-26T00:00:00.000Z');
    expect(iso('last monday')).toBe('2026-11-23T00:00:00.000Z');
    expect(iso('yesterday 10:00')).toBe('2026-11-25T10:00:00.000Z');
    expect(iso('2026-03-01 10:20')).toBe('2026-03-01T10:20:00.000Z');
    expect(iso('10:20')).toBe('2026-11-26T10:20:00.000Z');
    expect(iso('x y')).toBeUndefined();
    expect(iso('2026-02-30')).toBeUndefined();
    expect(iso('25:00')).toBeUndefined();
  });
});
