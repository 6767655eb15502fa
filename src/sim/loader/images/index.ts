// Profile image data is large (every system binary's sections), so each profile's file is imported only when
// a machine of that profile is made: `await loadProfileImages(name)` first (the worker, the CLI and the tests
// do), then `new Machine({ profile: name })` finds it here synchronously.
import type { ProfileName } from '../profiles.ts';
import type { ProfileImages } from './types.ts';

const loaded = new Map<ProfileName, ProfileImages>();

export function profileImages(name: ProfileName): ProfileImages | undefined { return loaded.get(name); }

export async function loadProfileImages(name: ProfileName): Promise<ProfileImages> {
  const have = loaded.get(name);
  if (have) return have;
  const mod = name === 'debian-12' ? await import('./debian-12.ts') : await import('./ubuntu-18.04.ts');
  const images = (mod as { default?: ProfileImages }).default ?? (Object.values(mod).find((v) => typeof v === 'object' && v && 'ldso' in v) as ProfileImages);
  loaded.set(name, images);
  return images;
}
