// false(1): do nothing, unsuccessfully.
import type { Sys } from '../kernel/sys.ts';
export default async function falseCmd(_sys: Sys): Promise<number> { return 1; }
