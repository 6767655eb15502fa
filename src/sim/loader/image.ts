// Executable images. A simulated executable file starts with the real ELF identification bytes (so `file`
// and `head -c4` see an ELF) followed by a JSON description of the image: which program it runs and, from the
// loader issue on, the ELF facts (program headers, sections, needed libraries) the kernel maps.
export interface Image {
  /** 'tool': a system program implemented in TypeScript (src/sim/tools); 'c': a program the simulated gcc built. */
  kind: 'tool' | 'c';
  /** For tools: the registry name (ls, bash, ...). */
  tool?: string;
  /** The ELF type: EXEC (non-PIE, static) or DYN (PIE, shared objects). */
  elfType?: 'EXEC' | 'DYN';
  /** Further loader facts, opaque here. */
  [key: string]: unknown;
}

const ELF_IDENT = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // ELFCLASS64, LSB, version 1
const MARK = 'MEMSIM-IMAGE\n';
const enc = new TextEncoder();
const dec = new TextDecoder();

export function encodeImage(image: Image): Uint8Array {
  const body = enc.encode(MARK + JSON.stringify(image) + '\n');
  const out = new Uint8Array(ELF_IDENT.length + body.length);
  out.set(ELF_IDENT);
  out.set(body, ELF_IDENT.length);
  return out;
}

export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
}

/** The image an executable describes, or undefined for anything the simulated kernel cannot run. */
export function decodeImage(bytes: Uint8Array): Image | undefined {
  if (!isElf(bytes)) return undefined;
  const text = dec.decode(bytes.subarray(ELF_IDENT.length, Math.min(bytes.length, 1 << 20)));
  if (!text.startsWith(MARK)) return undefined;
  try {
    const img = JSON.parse(text.slice(MARK.length).split('\n')[0]!) as Image;
    return img && (img.kind === 'tool' || img.kind === 'c') ? img : undefined;
  } catch {
    return undefined;
  }
}
