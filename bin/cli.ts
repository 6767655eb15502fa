// memsim — the simulated machine from a command line, for course authors and tests.
//   memsim [--profile NAME] [--files DIR] [--seed N] [-c 'COMMAND LINE']
//   memsim check CHAPTER.mdx [...]   (src/cli/check.ts: the chapter's console blocks against the machine)
// With -c: a fresh machine runs the line on a terminal (`bash -c`), everything the terminal shows goes to
// stdout, and memsim exits with the line's status. Time is virtual there (sleeps are instant, outputs
// deterministic). Without -c: an interactive login shell on the host terminal, in real time.
import { statSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Machine } from '../src/sim/machine.ts';
import { PROFILES, isProfileName, DEFAULT_PROFILE, type ProfileName } from '../src/sim/loader/profiles.ts';
import { loadProfileImages } from '../src/sim/loader/images/index.ts';
import { readTree } from '../src/cli/host-files.ts';

const USAGE = `usage: memsim [--profile NAME] [--files DIR] [--seed N] [-c 'COMMAND LINE']
       memsim check CHAPTER.mdx [--profile NAME] [--block N] [--loose] [--update]   (memsim check --help)
  --profile NAME   distro profile: ${PROFILES.join(', ')} (default: ${DEFAULT_PROFILE})
  --files DIR      copy DIR's files into the simulated home directory (the working directory)
  --seed N         seed of the machine's randomness (ASLR, /dev/urandom); default 1
  -c LINE          run LINE on a fresh machine's terminal and exit with its status
`;

interface Args { profile: ProfileName; files?: string; seed: number; command?: string; }

function parseArgs(argv: string[]): Args {
  const args: Args = { profile: DEFAULT_PROFILE, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string) => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) fail(`option '${name}' requires an argument`);
      return v;
    };
    if (a === '-h' || a === '--help') { process.stdout.write(USAGE); process.exit(0); }
    else if (a === '-c') args.command = value('-c');
    else if (a === '--profile' || a.startsWith('--profile=')) {
      const p = value('--profile');
      if (!isProfileName(p)) fail(`unknown profile '${p}' (known: ${PROFILES.join(', ')})`);
      args.profile = p;
    } else if (a === '--files' || a.startsWith('--files=')) args.files = value('--files');
    else if (a === '--seed' || a.startsWith('--seed=')) {
      const s = Number(value('--seed'));
      if (!Number.isInteger(s) || s < 0) fail('--seed needs a non-negative integer');
      args.seed = s;
    } else fail(`unknown argument '${a}'`);
  }
  return args;
}

function fail(msg: string): never {
  process.stderr.write(`memsim: ${msg}\n${USAGE}`);
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const labsDir = resolve(here, '..', 'labs');

async function main() {
  if (process.argv[2] === 'check') { // a subcommand of its own, loaded only when asked for
    const { check } = await import('../src/cli/check.ts');
    process.exit(await check(process.argv.slice(3)));
  }
  const args = parseArgs(process.argv.slice(2));
  let files: Record<string, Uint8Array> | undefined;
  if (args.files) {
    try {
      if (!statSync(args.files).isDirectory()) fail(`--files: '${args.files}' is not a directory`);
    } catch { fail(`--files: cannot access '${args.files}'`); }
    files = readTree(args.files);
  }
  let labs: Record<string, Uint8Array> = {};
  try { labs = readTree(labsDir); } catch { /* running from a copy without labs */ }
  await loadProfileImages(args.profile);
  const machine = new Machine({ profile: args.profile, seed: args.seed, time: args.command !== undefined ? 'virtual' : 'real', labs, files });
  const cols = process.stdout.columns || 80, rows = process.stdout.rows || 24;
  const toHost = process.stdout.isTTY
    ? (bytes: Uint8Array) => process.stdout.write(bytes)
    : (() => { // a file or pipe gets plain newlines, not the terminal's \r\n
      let pendingCR = false;
      return (bytes: Uint8Array) => {
        const out: number[] = [];
        for (const b of bytes) {
          if (pendingCR) { if (b !== 10) out.push(13); pendingCR = false; }
          if (b === 13) pendingCR = true; else out.push(b);
        }
        process.stdout.write(Uint8Array.from(out));
      };
    })();

  if (args.command !== undefined) process.exit(await runOnce(machine, args.command, cols, rows, toHost));
  await interactive(machine, cols, rows);
}

/** -c: the line on a fresh terminal; the host's stdin is fed to the terminal a line at a time, when asked. */
async function runOnce(machine: Machine, line: string, cols: number, rows: number, toHost: (b: Uint8Array) => void) {
  let pending = '';
  let eof = process.stdin.isTTY === true; // an interactive host terminal is not read in -c mode
  let waitingTty = -1;
  const feed = () => {
    if (waitingTty < 0) return;
    const nl = pending.indexOf('\n');
    if (nl >= 0) { const l = pending.slice(0, nl + 1); pending = pending.slice(nl + 1); machine.input(waitingTty, l); waitingTty = -1; }
    else if (eof) { if (pending) { machine.input(waitingTty, pending); pending = ''; } machine.input(waitingTty, '\x04'); waitingTty = -1; }
  };
  machine.subscribe((e) => {
    if (e.type === 'output') toHost(e.data);
    else if (e.type === 'tty-wait') { waitingTty = e.tty; feed(); }
  });
  if (!eof) {
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => { pending += d; feed(); });
    process.stdin.on('end', () => { eof = true; feed(); });
  }
  const { status } = await machine.runCommand(line, { cols, rows });
  process.stdin.pause();
  return status;
}

async function interactive(machine: Machine, cols: number, rows: number) {
  const tty = await machine.openTerminal({ cols, rows });
  machine.subscribe((e) => {
    if (e.type === 'output' && e.tty === tty) process.stdout.write(e.data);
    if (e.type === 'tty-exit' && e.tty === tty) {
      if (process.stdin.isTTY) process.stdin.setRawMode(false);
      process.exit(e.status);
    }
  });
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d: string) => machine.input(tty, d));
  process.stdin.on('end', () => machine.input(tty, '\x04'));
  process.stdout.on('resize', () => machine.resize(tty, process.stdout.columns, process.stdout.rows));
}

await main();
