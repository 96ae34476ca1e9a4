import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type MongoToolName = 'mongodump' | 'mongorestore' | 'mongoimport';

/** The path of a MongoDB Database Tools executable on the PATH, or null when absent. */
export function findMongoTool(name: MongoToolName, searchPath = process.env.PATH ?? ''): string | null {
  for (const dir of searchPath.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not in this directory; keep looking.
    }
  }
  return null;
}
