// The MongoDB Database Tools for tests: `../shared/mongo-tools/bin` beside the project (see its
// README), else the PATH. Tests that need them skip, saying so, where neither has them.
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findMongoTool, type MongoToolName } from '../../src/backup/find-mongo-tool.js';

const sharedBin = fileURLToPath(new URL('../../../shared/mongo-tools/bin', import.meta.url));
const searchPath = [...(existsSync(sharedBin) ? [sharedBin] : []), process.env.PATH ?? ''].join(delimiter);

/** The tool's path, or null when neither ../shared/mongo-tools/bin nor the PATH has it. */
export const mongoTool = (name: MongoToolName): string | null => findMongoTool(name, searchPath);

export const MISSING_TOOLS = `MongoDB Database Tools not found in ${sharedBin} or on the PATH: skipping the real-tool round trips`;

/** Every named tool, or null (with the skip reason printed once) when one is missing. */
export function mongoTools<N extends MongoToolName>(...names: N[]): Record<N, string> | null {
  const found = Object.fromEntries(names.map((n) => [n, mongoTool(n)]));
  if (Object.values(found).some((p) => p === null)) {
    console.warn(MISSING_TOOLS);
    return null;
  }
  return found as Record<N, string>;
}
