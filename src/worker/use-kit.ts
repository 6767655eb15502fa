// What the machine worker loads with the first terminal rather than at boot (see `ready` in machine.worker.ts):
// the history recorder and the chapter's lab files, one module so that they arrive as one chunk (one request on
// the first Run instead of two).
export { recordHistory } from '../sim/timeline/history.ts';
export { labs } from './labs.ts';
