// true(1): do nothing, successfully.
import type { Sys } from '../kernel/sys.ts';
export default async function trueCmd(_sys: Sys): Promise<number> { return 0; }
