// What a terminal shows, as text one copies from it: the bytes a program wrote, with carriage returns, backspaces
// and erase-line applied, escape sequences (the prompt's colours) dropped and tabs expanded to the terminal's
// 8-column stops. Lines stay logical: a line longer than the terminal is one line, as a chapter prints it. A
// space at the end of a line looks like no character at all, and terminals copy lines without them (xterm's
// selection trims them), so lines end at their last visible character: strace's `read(0, ` is `read(0,`.

/** Renders terminal output (already decoded) to its lines of text. */
export function terminalLines(raw: string): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  let col = 0;
  const put = (ch: string) => {
    while (line.length < col) line.push(' ');
    line[col++] = ch;
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\n') { lines.push(line.join('').trimEnd()); line = []; col = 0; }
    else if (ch === '\r') col = 0;
    else if (ch === '\b') col = Math.max(0, col - 1);
    else if (ch === '\t') { const to = (Math.floor(col / 8) + 1) * 8; while (col < to) put(' '); }
    else if (ch === '\x1b') i = skipEscape(raw, i, () => { line.length = Math.min(line.length, col); });
    else if (ch < ' ' || ch === '\x7f') continue; // BEL and other controls show nothing
    else put(ch);
  }
  lines.push(line.join('')); // the line the cursor is on: a prompt's trailing space is part of it
  return lines;
}

/**
 * Skips the escape sequence starting at raw[i] (ESC): CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC \`) or a
 * two-character one. Calls `eraseLine` for CSI K (erase to the end of the line, as bash's line editor sends).
 * Returns the index of the sequence's last character.
 */
function skipEscape(raw: string, i: number, eraseLine: () => void): number {
  const kind = raw[i + 1];
  if (kind === '[') {
    let j = i + 2;
    while (j < raw.length && !/[@-~]/.test(raw[j]!)) j++;
    if (raw[j] === 'K' && /^0?$/.test(raw.slice(i + 2, j))) eraseLine();
    return j;
  }
  if (kind === ']') {
    let j = i + 2;
    while (j < raw.length && raw[j] !== '\x07' && !(raw[j] === '\x1b' && raw[j + 1] === '\\')) j++;
    return raw[j] === '\x1b' ? j + 1 : j;
  }
  return i + 1;
}
