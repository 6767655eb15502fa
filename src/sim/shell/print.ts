// The text bash shows for a job (make_command_string, print_cmd.c): "[1]+  Running   sleep 1 > /dev/null 2>&1 &",
// "Segmentation fault      ( cd /tmp; sleep 1 )". Words stay as typed; redirections get a space before their
// file (not before a duplicated fd: 2>&1); subshells and groups are spaced; pipelines are joined by " | ", and-or
// lists by " && " and " || ". Other compound commands (if, loops, case...) are printed by bash over several lines:
// for those the job keeps its source text (undefined here).
import type { AndOr, Command, List, Pipeline, Redir } from './ast.ts';

const DEFAULT_FD: Partial<Record<Redir['op'], number>> = { '<': 0, '<&': 0, '<>': 0, '<<<': 0, '>': 1, '>>': 1, '>|': 1, '>&': 1 };

function redirText(r: Redir): string | undefined {
  if (r.heredoc) return undefined;
  const fd = r.fd !== undefined && r.fd !== DEFAULT_FD[r.op] ? String(r.fd) : '';
  const target = r.target.raw;
  if ((r.op === '>&' || r.op === '<&') && /^(\d+|-)$/.test(target)) return `${fd}${r.op}${target}`;
  if (r.op === '>&') return `&> ${target}`; // >&file is &>file
  return `${fd}${r.op} ${target}`;
}

function withRedirs(text: string, redirs: Redir[]): string | undefined {
  const rs = redirs.map(redirText);
  if (rs.some((r) => r === undefined)) return undefined;
  return [text, ...rs].filter(Boolean).join(' ');
}

function commandText(c: Command): string | undefined {
  switch (c.type) {
    case 'simple':
      return withRedirs([...c.assigns.map((a) => `${a.name}${a.append ? '+=' : '='}${a.value.raw}`), ...c.words.map((w) => w.raw)].join(' '), c.redirs);
    case 'subshell': {
      const body = listText(c.body);
      return body === undefined ? undefined : withRedirs(`( ${body} )`, c.redirs);
    }
    case 'group': {
      const body = listText(c.body);
      const lastAsync = c.body.items.at(-1)?.async;
      return body === undefined ? undefined : withRedirs(`{ ${body}${lastAsync ? '' : ';'} }`, c.redirs);
    }
    default:
      return undefined;
  }
}

export function pipelineText(p: Pipeline): string | undefined {
  const cmds = p.cmds.map(commandText);
  if (cmds.some((c) => c === undefined)) return undefined;
  return `${p.bang ? '! ' : ''}${p.time ? (p.time === 'posix' ? 'time -p ' : 'time ') : ''}${cmds.join(' | ')}`;
}

export function andOrText(ao: AndOr): string | undefined {
  const parts = [pipelineText(ao.first), ...ao.rest.map((r) => pipelineText(r.pipe))];
  if (parts.some((p) => p === undefined)) return undefined;
  return parts[0] + ao.rest.map((r, i) => ` ${r.op} ${parts[i + 1]}`).join('');
}

function listText(l: List): string | undefined {
  const items = l.items.map((it) => andOrText(it.andor));
  if (items.some((t) => t === undefined)) return undefined;
  return items.map((t, i) => t + (l.items[i]!.async ? ' &' : i < items.length - 1 ? ';' : '')).join(' ');
}
