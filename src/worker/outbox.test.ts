import { describe, expect, it } from 'vitest';
import { EventOutbox } from './outbox.ts';
import type { WorkerEventMessage } from './protocol.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

describe('EventOutbox', () => {
  it('posts one message per tick, merging consecutive output of a terminal', async () => {
    const posted: { message: WorkerEventMessage; transfer: Transferable[] }[] = [];
    const box = new EventOutbox((message, transfer) => posted.push({ message, transfer }));
    const reused = enc.encode('ab');
    box.push({ type: 'output', tty: 0, data: reused });
    reused[0] = 0x78; // the simulator reuses its buffer: the outbox must have copied it
    box.push({ type: 'output', tty: 0, data: enc.encode('cd') });
    box.push({ type: 'output', tty: 1, data: enc.encode('x') });
    box.push({ type: 'tty-wait', tty: 0, pid: 1127 });
    box.push({ type: 'output', tty: 0, data: enc.encode('e') });
    expect(posted).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 5));
    expect(posted).toHaveLength(1);
    const events = posted[0]!.message.events;
    expect(events.map((e) => (e.type === 'output' ? `${e.tty}:${dec.decode(e.data)}` : e.type))).toEqual(['0:abcd', '1:x', 'tty-wait', '0:e']);
    expect(posted[0]!.transfer).toHaveLength(3);
  });
});
