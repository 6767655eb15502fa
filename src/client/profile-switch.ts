// The header's machine switch (markup: src/components/ProfileSwitch.astro; loaded on its first change, or once
// the machine runs or should run another profile than the page's — see loader.ts). Switching restarts the page's machine in the other profile, keeps the reader's edited files and
// reruns the consoles that showed a terminal; the choice is kept in the scenario, which the next boot reads.
import { isProfileName, type ProfileName } from '../sim/loader/profiles.ts';
import type { CommandFeeder } from './feeder.ts';
import { rerun, stopFeed } from './live.ts';
import { pageMachine } from './machine-client.ts';
import { pageTerminals, reopenTerminals } from './terminals.ts';
import { onScenario, scenario, updateScenario, type Scenario } from './scenario.ts';

const LABELS: Record<ProfileName, string> = { 'ubuntu-18.04': 'Ubuntu 18.04', 'debian-12': 'Debian 12' };

const control = () => document.querySelector<HTMLSelectElement>('[data-profile-switch] select');
const status = () => document.querySelector<HTMLElement>('[data-profile-switch] [data-profile-status]');

/** The profile the page's machine runs (or is restarting into). */
export function runningProfile(): ProfileName {
  const p = pageMachine().profile;
  return isProfileName(p) ? p : 'ubuntu-18.04';
}

function show(profile: ProfileName) {
  // Read by the stylesheet: transcripts say they were recorded on 18.04 when the machine runs something else.
  document.documentElement.dataset.memsimMachine = profile;
  const select = control();
  if (select) select.value = profile;
}

/** The reader chose `profile` in the switch. */
export async function profileChanged(profile: string) {
  if (!isProfileName(profile) || profile === runningProfile()) return;
  const say = (text: string) => { const el = status(); if (el) el.textContent = text; };
  say(`Restarting the machine as ${LABELS[profile]}…`);
  show(profile);
  // The restart begins synchronously (the machine's profile changes now), so the scenario listener below sees
  // the machine already on its way to the stored profile and does not restart it a second time.
  const restarted = rebootMachine(profile, { ...scenario().files }, LABELS[profile]);
  const page = document.documentElement.dataset.memsimProfile;
  updateScenario((s) => { if (profile === page) delete s.profile; else s.profile = profile; });
  await restarted;
  say(`The machine now runs ${LABELS[profile]}.`);
}

let installed = false;

/** Shows the profile the machine boots in; follows the scenario when it changes (a permalink opened). */
export function syncProfileSwitch() {
  if (installed) return;
  installed = true;
  show(runningProfile());
  follow(scenario());
  onScenario(follow);
}

/** Restarts the machine when the scenario names another profile than it runs (a shared link was opened). */
function follow(s: Scenario) {
  const wanted = s.profile ?? document.documentElement.dataset.memsimProfile;
  if (wanted && isProfileName(wanted) && wanted !== runningProfile()) {
    show(wanted);
    void rebootMachine(wanted, { ...s.files }, LABELS[wanted]);
  }
}

/** The block's feed has typed its last command or handed over to the reader (or ended). */
function settled(feeder: CommandFeeder, timeoutMs = 15_000): Promise<void> {
  const busy = () => feeder.state.kind === 'waiting' || feeder.state.kind === 'typing';
  return new Promise((resolve) => {
    if (!busy()) { resolve(); return; }
    const timer = setTimeout(done, timeoutMs);
    const off = feeder.onChange(() => { if (!busy()) done(); });
    function done() { clearTimeout(timer); off(); resolve(); }
  });
}

let reboots = 0;

/**
 * Restarts the page's machine in `profile` with the reader's `files`, and gives every terminal a new shell there.
 * The consoles that showed a terminal run their commands again, one after the other in page order (the inspecting
 * consoles' `pidof` needs the program their neighbour starts).
 */
async function rebootMachine(profile: string, files: Record<string, string>, label: string) {
  const reboot = ++reboots; // a newer restart takes over the reruns
  const shown = pageTerminals();
  const owners = shown.flatMap((t) => (t.owner ? [t.owner] : []))
    .sort((a, b) => (a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  for (const block of owners) {
    stopFeed(block);
    block.setMode({ kind: 'busy', text: 'Restarting…' });
    block.say(`Restarting the machine as ${label}…`);
  }
  const booted = pageMachine().reboot(profile, files);
  reopenTerminals(`\r\n\x1b[2m[the machine restarted as ${label}]\x1b[0m\r\n`);
  try {
    await booted;
  } catch (err) {
    if (reboot !== reboots) return;
    console.error('memsim: the machine could not restart', err);
    for (const block of owners) { block.setMode({ kind: 'run' }); block.say('The machine could not restart. Reload the page to try again.'); }
    return;
  }
  for (const block of owners) {
    if (reboot !== reboots) return;
    const feeder = await rerun(block, `The machine restarted as ${label}: running these commands again.`);
    if (feeder) await settled(feeder);
  }
}

syncProfileSwitch();
