// The lab programs under labs/ (installed at ~/chapters/data/...): each solution builds with the simulated
// make/gcc without warnings and prints what the lab expects. The 32 MiB copy is left to a check on real gcc.
import { describe, expect, it } from 'vitest';
// Each test builds a lab with make and gcc and runs it: seconds on a loaded machine, hence the minute.
import { newMachine, run } from './harness.ts';
import { labFiles } from './lab-files.ts';

const labs = labFiles();
const tasks = 'chapters/data/process-memory/drills/tasks';
const inLab = (line: string) => run(line, { machine: newMachine({ profile: 'debian-12', labs }) });

describe('labs: copy', { timeout: 60_000 }, () => {
  it('both solutions build cleanly and copy small inputs exactly', async () => {
    const { out, status } = await inLab(`cd ${tasks}/copy/solution && make && SIZES='0 100 24576' sh ./checker.sh`);
    expect(out).not.toMatch(/warning|error/);
    // Both programs link the course's logging helper (DIE reports through it).
    expect(out).toContain('cc -o mmap_copy mmap_copy.o ../../../../../common/utils/log/log.o');
    expect(out).toContain('cc -o read_write_copy read_write_copy.o ../../../../../common/utils/log/log.o');
    for (const size of [0, 100, 24576]) {
      expect(out).toContain(`mmap_copy ${size} bytes: passed`);
      expect(out).toContain(`read_write_copy ${size} bytes: passed`);
    }
    expect(out).not.toContain('FAILED');
    expect(status).toBe(0);
  });

  it('each program prints its timing', async () => {
    const { out } = await inLab(`cd ${tasks}/copy/solution && make -s && head -c 20000 /dev/urandom > in.dat && ./mmap_copy && cmp in.dat out.dat && ./read_write_copy && cmp in.dat out.dat && echo same`);
    expect(out).toMatch(/^time passed \d+ microseconds\ntime passed \d+ microseconds\nsame\n$/);
  });

  it('the support programs build but leave the copy to the student', async () => {
    const { out, status } = await inLab(`cd ${tasks}/copy/support && make && SIZES=100 sh ./checker.sh`);
    expect(out).not.toMatch(/warning|error/);
    expect(out).toContain('mmap_copy 100 bytes: FAILED');
    expect(status).toBe(1);
  });
});

describe('labs: page-mapper', { timeout: 60_000 }, () => {
  it('the solution grows VmSize by 4 KiB per page', async () => {
    const { out, status } = await inLab(`cd ${tasks}/page-mapper/solution && make && ./page_mapper 3 && sh ./test.sh`);
    expect(out).not.toMatch(/warning|error/);
    const before = Number(/^before: VmSize:\s+(\d+) kB$/m.exec(out)?.[1]);
    const after = Number(/^after: {2}VmSize:\s+(\d+) kB$/m.exec(out)?.[1]);
    expect(after - before).toBe(12);
    for (const n of [1, 10, 100]) expect(out).toContain(`page_mapper ${n}: passed`);
    expect(status).toBe(0);
  });

  it('the support do_map is a TODO: the test fails', async () => {
    const { out, status } = await inLab(`cd ${tasks}/page-mapper/support && make && sh ./test.sh`);
    expect(out).not.toMatch(/warning|error/);
    expect(out).toContain('page_mapper 1: FAILED');
    expect(status).toBe(1);
  });
});

describe('labs: reference-counting', { timeout: 60_000 }, () => {
  it('the solution frees each array when its last reference goes', async () => {
    const { out, status } = await inLab(`cd ${tasks}/reference-counting/solution && make && ./refcount`);
    expect(out).toBe([
      'cc -g -Wall -Wextra -I../../../../../common  -c -o refcount.o refcount.c',
      'cc -I../../../../../common -g -Wall -Wextra -c -o ../../../../../common/utils/log/log.o ../../../../../common/utils/log/log.c',
      'cc -o refcount refcount.o ../../../../../common/utils/log/log.o',
      '---calling create: instance 1, count 1',
      '---calling get: instance 1, count 2',
      'a->data[0] = 42 (changed through b)',
      '---calling create: instance 2, count 1',
      '---calling put: instance 1, count 1',
      'b->data[3] = 9',
      '---calling put: instance 1, count 0',
      'Freeing instance 1',
      '---calling put: instance 2, count 0',
      'Freeing instance 2',
      '',
    ].join('\n'));
    expect(status).toBe(0);
  });

  it('the support get/put are TODOs: nothing is freed', async () => {
    const { out, status } = await inLab(`cd ${tasks}/reference-counting/support && make && ./refcount`);
    expect(out).not.toMatch(/warning|error|Freeing/);
    expect(status).toBe(0);
  });
});
