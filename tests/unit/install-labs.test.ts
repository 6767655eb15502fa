// Machine.installLabs: the page's worker boots the machine without the lab files and installs them with the
// first terminal (src/worker/machine.worker.ts, to keep them out of the first download). The files must come
// out as the boot's `labs` option puts them: same paths, owner, modes (scripts executable), contents.
import { describe, expect, it } from 'vitest';
import { newMachine, run } from './harness.ts';

const LABS = {
  'process-memory/drills/tasks/copy/solution/checker.sh': '#!/bin/sh\necho checked\n',
  'process-memory/drills/tasks/copy/solution/Makefile': 'all:\n\t@echo built\n',
  'common/utils/utils.h': '#define DIE(c, m) do { } while (0)\n',
};
const LOOK = 'cd ~/chapters/data && ls -l process-memory/drills/tasks/copy/solution common/utils && ./process-memory/drills/tasks/copy/solution/checker.sh && cat common/utils/utils.h';

describe('Machine.installLabs', () => {
  it('installs the labs after the boot exactly as the boot option does', async () => {
    const atBoot = await run(LOOK, { machine: newMachine({ labs: LABS }) });
    const later = newMachine();
    expect((await run('ls ~/chapters', { machine: later })).out).toMatch(/No such file or directory/);
    later.installLabs(LABS);
    const installed = await run(LOOK, { machine: later });
    expect(installed.status).toBe(0);
    expect(installed.out).toContain('-rwxr-xr-x 1 student student');
    expect(installed.out).toContain('checked\n#define DIE');
    // Virtual time: the two are microseconds apart, and `ls -l` shows mtimes to the minute.
    expect(installed.out).toBe(atBoot.out);
  });
});
