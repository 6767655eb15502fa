// hostname(1) of Debian's hostname package: prints the node name (-s short, -f/-A the FQDN and -i the
// address from /etc/hosts); root may set it (sethostname(2) changes the machine's uname nodename).
import type { Sys } from '../kernel/sys.ts';
import { getopt, UsageError } from './lib.ts';

const OPTIONS = {
  flags: 'aAbdfFiIsyVh',
  long: {
    alias: { key: 'a' }, 'all-fqdns': { key: 'A' }, boot: { key: 'b' }, domain: { key: 'd' }, fqdn: { key: 'f' },
    long: { key: 'f' }, 'ip-address': { key: 'i' }, 'all-ip-addresses': { key: 'I' }, short: { key: 's' },
    yp: { key: 'y' }, nis: { key: 'y' }, version: { key: 'V' }, help: { key: 'h' },
  },
};

const USAGE = `Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name

       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)
       {yp,nis,}domainname                      display NIS domain name

       dnsdomainname                            display dns domain name

       hostname -V|--version|-h|--help          print info and exit

Program name:
       {yp,nis,}domainname=hostname -y
       dnsdomainname=hostname -d

Program options:
    -a, --alias            alias names
    -A, --all-fqdns        all long host names (FQDNs)
    -b, --boot             set default hostname if none available
    -d, --domain           DNS domain name
    -f, --fqdn, --long     long host name (FQDN)
    -F, --file             read host name or NIS domain name from given file
    -i, --ip-address       addresses for the host name
    -I, --all-ip-addresses all addresses for the host
    -s, --short            short host name
    -y, --yp, --nis        NIS/YP domain name

Description:
   This command can get or set the host name or the NIS domain name. You can
   also get the DNS domain or the FQDN (fully qualified domain name).
   Unless you are using bind or NIS for host lookups you can change the
   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is
   part of the FQDN) in the /etc/hosts file.
`;

export default async function hostname(sys: Sys): Promise<number> {
  const prog = 'hostname';
  let o;
  try {
    o = getopt(prog, sys.argv.slice(1), OPTIONS);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    // net-tools prints the whole usage to stderr and exits with -1.
    await sys.err(`${e.message}\n${USAGE}`);
    return 255;
  }
  if (o.has('h')) { await sys.out(USAGE); return 0; }
  if (o.has('V')) { await sys.out('hostname 3.23\n'); return 0; }
  const m = sys.machine;
  if (o.operands.length) {
    if (o.operands.length > 1) { await sys.err(USAGE); return 255; }
    if (sys.euid !== 0) { await sys.err(`${prog}: you must be root to change the host name\n`); return 1; }
    m.nodename = o.operands[0]!;
    return 0;
  }
  const name = m.nodename;
  // The resolver's view: the /etc/hosts line naming this host gives its address and canonical name.
  const hostsLine = async () => {
    let text = '';
    try { text = await sys.readText('/etc/hosts'); } catch { /* no hosts file */ }
    for (const line of text.split('\n')) {
      const f = line.replace(/#.*/, '').trim().split(/\s+/);
      if (f.length > 1 && f.slice(1).some((n) => n === name || n.split('.')[0] === name)) return f;
    }
    return undefined;
  };
  if (o.has('s')) { await sys.out(name.split('.')[0] + '\n'); return 0; }
  if (o.has('f') || o.has('A') || o.has('i') || o.has('d') || o.has('a')) {
    const f = await hostsLine();
    if (!f) { await sys.err(`${prog}: Name or service not known\n`); return 1; }
    if (o.has('i')) await sys.out(f[0] + '\n');
    else if (o.has('d')) { const fq = f[1]!; const i = fq.indexOf('.'); await sys.out((i < 0 ? '' : fq.slice(i + 1)) + '\n'); }
    else if (o.has('a')) await sys.out(f.slice(2).join(' ') + '\n');
    else await sys.out(f[1] + (o.has('A') ? ' ' : '') + '\n');
    return 0;
  }
  await sys.out(name + '\n');
  return 0;
}
