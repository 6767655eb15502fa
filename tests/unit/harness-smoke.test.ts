import { describe, expect, it } from 'vitest';
import { runTool } from './harness.ts';

describe('kernel + tool harness', () => {
  it('runs cat on stdin through pipes', async () => {
    const r = await runTool(['cat'], { stdin: 'hello\nworld\n' });
    expect(r.stdout).toBe('hello\nworld\n');
    expect(r.status).toBe(0);
  });
  it('reports a missing file like coreutils', async () => {
    const r = await runTool(['cat', 'nope']);
    expect(r.stderr).toBe('cat: nope: No such file or directory\n');
    expect(r.status).toBe(1);
  });
  it('cat -n numbers lines', async () => {
    const r = await runTool(['cat', '-n', '/etc/hostname']);
    expect(r.stdout).toBe('     1\tos\n');
  });
});
