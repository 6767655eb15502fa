// <time.h>'s calendar functions: gmtime/localtime's broken-down time and strftime's conversions. The machine
// has no /etc/localtime and no TZ, so glibc's tzset falls back to UTC ("UTC", offset 0): localtime is gmtime.
// struct tm is glibc's x86-64 layout: nine ints, then long tm_gmtoff and const char *tm_zone (56 bytes).

export interface Tm {
  sec: number; min: number; hour: number; mday: number; mon: number; year: number; wday: number; yday: number;
  isdst: number; gmtoff: number; zone: string;
}
export const TM_SIZE = 56;
const TM_FIELDS = ['sec', 'min', 'hour', 'mday', 'mon', 'year', 'wday', 'yday', 'isdst'] as const;

const DAY = 86400;

/** Seconds since the epoch → UTC calendar time (glibc's __offtime). */
export function breakDown(t: number): Tm {
  const d = new Date(t * 1000);
  const year = d.getUTCFullYear();
  const yday = Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(year, 0, 1)) / (DAY * 1000));
  return { sec: d.getUTCSeconds(), min: d.getUTCMinutes(), hour: d.getUTCHours(), mday: d.getUTCDate(), mon: d.getUTCMonth(),
    year: year - 1900, wday: d.getUTCDay(), yday, isdst: 0, gmtoff: 0, zone: 'UTC' };
}

/** struct tm as bytes (tm_zone's pointer written by the caller at offset 48). */
export function tmBytes(tm: Tm): DataView {
  const v = new DataView(new ArrayBuffer(TM_SIZE));
  TM_FIELDS.forEach((f, i) => v.setInt32(i * 4, tm[f], true));
  v.setBigInt64(40, BigInt(tm.gmtoff), true);
  return v;
}

export function tmFrom(v: DataView, zone: string): Tm {
  const tm = { zone, gmtoff: Number(v.getBigInt64(40, true)) } as Tm;
  TM_FIELDS.forEach((f, i) => { tm[f] = v.getInt32(i * 4, true); });
  return tm;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const p2 = (n: number) => String(n).padStart(2, '0');

/**
 * strftime in the C locale. Returns the text, or undefined when it does not fit in `max` bytes with its NUL
 * (strftime then returns 0 and the buffer's contents are unspecified).
 */
export function strftime(fmt: string, tm: Tm, max: number): string | undefined {
  const year = tm.year + 1900;
  const conv = (c: string): string => {
    switch (c) {
      case 'a': return DAYS[tm.wday]?.slice(0, 3) ?? '?';
      case 'A': return DAYS[tm.wday] ?? '?';
      case 'b': case 'h': return MONTHS[tm.mon]?.slice(0, 3) ?? '?';
      case 'B': return MONTHS[tm.mon] ?? '?';
      case 'c': return `${conv('a')} ${conv('b')} ${conv('e')} ${conv('T')} ${year}`;
      case 'C': return p2(Math.floor(year / 100));
      case 'd': return p2(tm.mday);
      case 'D': return `${conv('m')}/${conv('d')}/${conv('y')}`;
      case 'e': return String(tm.mday).padStart(2, ' ');
      case 'F': return `${year}-${conv('m')}-${conv('d')}`;
      case 'H': return p2(tm.hour);
      case 'I': return p2(tm.hour % 12 || 12);
      case 'j': return String(tm.yday + 1).padStart(3, '0');
      case 'm': return p2(tm.mon + 1);
      case 'M': return p2(tm.min);
      case 'n': return '\n';
      case 'p': return tm.hour < 12 ? 'AM' : 'PM';
      case 'R': return `${conv('H')}:${conv('M')}`;
      case 's': return String(Math.floor(Date.UTC(year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec) / 1000) - tm.gmtoff);
      case 'S': return p2(tm.sec);
      case 't': return '\t';
      case 'T': return `${conv('H')}:${conv('M')}:${conv('S')}`;
      case 'u': return String(tm.wday || 7);
      case 'w': return String(tm.wday);
      case 'x': return conv('D');
      case 'X': return conv('T');
      case 'y': return p2(year % 100);
      case 'Y': return String(year);
      case 'z': { const o = Math.abs(tm.gmtoff) / 60; return `${tm.gmtoff < 0 ? '-' : '+'}${p2(Math.floor(o / 60))}${p2(o % 60)}`; }
      case 'Z': return tm.zone;
      case '%': return '%';
      default: return '%' + c; // glibc copies an unknown conversion as it is
    }
  };
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    if (fmt[i] !== '%' || i + 1 >= fmt.length) { out += fmt[i]; continue; }
    out += conv(fmt[++i]!);
  }
  return out.length + 1 > max ? undefined : out;
}

