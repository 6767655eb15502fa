// Distro profiles: the two worlds the chapter runs in. `ubuntu-18.04` is the seed's (its printed outputs);
// `debian-12` is what every developer machine here runs, so it can be checked against the real tools.
import type { MachineInfo } from '../kernel/kernel.ts';

export type ProfileName = 'ubuntu-18.04' | 'debian-12';
export const PROFILES: readonly ProfileName[] = ['ubuntu-18.04', 'debian-12'];
export const DEFAULT_PROFILE: ProfileName = 'ubuntu-18.04';

export interface Profile {
  name: ProfileName;
  info: MachineInfo;
  /** /bin, /sbin, /lib are symlinks into /usr (Debian's merged /usr) or real directories (Ubuntu 18.04). */
  mergedUsr: boolean;
  /** The pid the first login shell gets (the seed's bash is 1127). */
  firstPid: number;
  osRelease: string;
  /** /proc/meminfo MemTotal: the RAM the kernel manages (a VM's memory less what firmware and the kernel image keep). */
  memTotalKiB: number;
}

export function isProfileName(s: string): s is ProfileName { return (PROFILES as readonly string[]).includes(s); }

export function getProfile(name: ProfileName): Profile {
  if (name === 'ubuntu-18.04') {
    return {
      name, mergedUsr: false, firstPid: 1127, memTotalKiB: 2040244, // a 2 GiB course VM
      info: {
        sysname: 'Linux', nodename: 'os', release: '4.15.0-213-generic',
        version: '#224-Ubuntu SMP Mon Jun 19 13:30:12 UTC 2023', machine: 'x86_64', profile: name,
        prettyName: 'Ubuntu 18.04.6 LTS', pidMax: 32768,
      },
      osRelease: 'NAME="Ubuntu"\nVERSION="18.04.6 LTS (Bionic Beaver)"\nID=ubuntu\nID_LIKE=debian\n' +
        'PRETTY_NAME="Ubuntu 18.04.6 LTS"\nVERSION_ID="18.04"\nVERSION_CODENAME=bionic\nUBUNTU_CODENAME=bionic\n',
    };
  }
  return {
    name, mergedUsr: true, firstPid: 1127, memTotalKiB: 4015756, // a 4 GiB VM
    info: {
      sysname: 'Linux', nodename: 'os', release: '6.1.0-28-amd64',
      version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)', machine: 'x86_64', profile: name,
      prettyName: 'Debian GNU/Linux 12 (bookworm)', pidMax: 32768,
    },
    osRelease: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n' +
      'VERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n',
  };
}
