import { describe, expect, it } from 'vitest';
import { blockId, cdPath, commandsOf, parseTranscript, promptFor } from './transcript.ts';

describe('parseTranscript', () => {
  it('splits prompt lines from output, keeping a $ inside the command', () => {
    const lines = parseTranscript('\nstudent@os:~$ pmap -p $$\n1127:   /bin/bash\n[...]\n\nstudent@os:~$ ps -o pid -p $$\n');
    expect(lines).toEqual([
      { kind: 'command', prompt: 'student@os:~$ ', command: 'pmap -p $$' },
      { kind: 'output', text: '1127:   /bin/bash' },
      { kind: 'elided', text: '[...]' },
      { kind: 'output', text: '' },
      { kind: 'command', prompt: 'student@os:~$ ', command: 'ps -o pid -p $$' },
    ]);
    expect(commandsOf(lines)).toEqual(['pmap -p $$', 'ps -o pid -p $$']);
  });

  it('reads trimmed directories and command substitutions', () => {
    const [l] = parseTranscript('student@os:~/.../drills/tasks/alloc_size/support$ pmap $(pidof alloc_size)');
    expect(l).toEqual({ kind: 'command', prompt: 'student@os:~/.../drills/tasks/alloc_size/support$ ', command: 'pmap $(pidof alloc_size)' });
  });
});

describe('promptFor', () => {
  it('trims to the last four directories, like bash with PROMPT_DIRTRIM=4', () => {
    expect(promptFor('/home/student')).toBe('student@os:~$ ');
    expect(promptFor('/home/student/chapters/data')).toBe('student@os:~/chapters/data$ ');
    expect(promptFor('/home/student/chapters/data/process-memory/drills/tasks/alloc_size/support'))
      .toBe('student@os:~/.../drills/tasks/alloc_size/support$ ');
    expect(promptFor('/home/student/chapters/data/working-with-memory/guides/static-dynamic/support'))
      .toBe('student@os:~/.../working-with-memory/guides/static-dynamic/support$ ');
    expect(promptFor('/usr/share/doc/a/b/c')).toBe('student@os:/.../doc/a/b/c$ ');
    expect(promptFor('/a/b/c/d')).toBe('student@os:/a/b/c/d$ ');
  });
});

describe('blockId', () => {
  it('is readable, stable, and tells blocks with the same command apart', () => {
    const a = blockId('/a', 'student@os:/a$ make', 'make');
    expect(a).toMatch(/^console-make-[0-9a-f]{6}$/);
    expect(blockId('/a', 'student@os:/a$ make', 'make')).toBe(a);
    expect(blockId('/b', 'student@os:/b$ make', 'make')).not.toBe(a);
  });
});

describe('cdPath', () => {
  it('goes through ~ under the home directory; quotes only what needs it, whole and absolute (a quoted ~ stays ~)', () => {
    expect(cdPath('/home/student')).toBe('~');
    expect(cdPath('/home/student/chapters/data/x')).toBe('~/chapters/data/x');
    expect(cdPath('/tmp')).toBe('/tmp');
    expect(cdPath("/home/student/it's here")).toBe(`'/home/student/it'\\''s here'`);
  });
});
