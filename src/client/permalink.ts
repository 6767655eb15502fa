// A scenario as a link: its JSON, deflate-raw compressed (CompressionStream) and base64url encoded, in the URL
// fragment (never sent to a server). Opening one is untrusted input: decoding is bounded in size and the result
// goes through parseScenario, so a link can only ever carry data — file text, knob values, command lines.
import { parseScenario, ScenarioError, type Scenario } from './scenario.ts';

export const FRAGMENT_KEY = 'scenario';
/** Longer links get cut by chat programs, mail clients and some browsers' address bars. */
export const MAX_LINK_CHARS = 8000;
/** A decompressed scenario larger than this is refused (a small link must not inflate into gigabytes). */
const MAX_JSON_BYTES = 4 * 1024 * 1024;

export class LinkTooLongError extends Error {
  readonly length: number;
  constructor(length: number) {
    super(`the link would be ${length} characters long (at most ${MAX_LINK_CHARS})`);
    this.length = length;
  }
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ScenarioError('invalid', 'the link is not base64url');
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) { await reader.cancel(); throw new ScenarioError('invalid', 'the linked scenario is too large'); }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

/** The scenario as the fragment's value. */
export async function encodeScenario(s: Scenario): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(s));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** A fragment value back into a checked Scenario; throws ScenarioError for anything else. */
export async function decodeScenario(code: string): Promise<Scenario> {
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(await pipe(fromBase64Url(code), new DecompressionStream('deflate-raw'), MAX_JSON_BYTES));
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    throw new ScenarioError('invalid', 'the link is damaged (it does not decompress)');
  }
  let data: unknown;
  try { data = JSON.parse(json); } catch { throw new ScenarioError('invalid', 'the link is damaged (not JSON)'); }
  return parseScenario(data);
}

/** `page` with the scenario in its fragment; throws LinkTooLongError past MAX_LINK_CHARS. */
export async function scenarioUrl(s: Scenario, page: string): Promise<string> {
  const url = new URL(page);
  url.hash = `${FRAGMENT_KEY}=${await encodeScenario(s)}`;
  const href = url.href;
  if (href.length > MAX_LINK_CHARS) throw new LinkTooLongError(href.length);
  return href;
}

/** The encoded scenario in a location hash (`#scenario=…`), if it has one. */
export function fragmentCode(hash: string): string | undefined {
  const m = /^#?scenario=(.*)$/s.exec(hash);
  return m ? m[1] : undefined;
}
