// What a console runs after one of its knobs changed a #define: `make` (unless the block builds anyway), then the
// block's own commands — minus the ones that edit that define themselves (the chapter's
// `sed -i '/define ALLOC_SIZE_KB/s/32/256/' alloc_size.c`): the knob has made the edit, and the sed would undo it
// or change the knob's value into another.

const isMake = (command: string) => /^make(\s|$)/.test(command);

/** Whether `command` edits the line of `define` (a `sed -i` naming it). */
export function editsDefine(command: string, define: string): boolean {
  return /^sed\s+(-\S*\s+)*-i/.test(command) && new RegExp(`\\b${define}\\b`).test(command);
}

export function knobRerun(commands: readonly string[], define: string): string[] {
  const kept = commands.filter((c) => !editsDefine(c, define));
  return kept.some(isMake) ? kept : ['make', ...kept];
}
