import * as fs from 'node:fs';
import { SCENARIOS, cSource } from './scenarios.mjs';
for (const [name, ops] of Object.entries(SCENARIOS)) fs.writeFileSync(`${name}.c`, cSource(name, ops));
fs.writeFileSync('scenarios.json', JSON.stringify(SCENARIOS) + '\n');
