import type { TestProject } from 'vitest/node';
import { startDevDb, type DevDbProcess } from './devdb-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

let devdb: DevDbProcess | null = null;

/** One shared database server for every integration file (each file uses its own database name). */
export async function setup(project: TestProject): Promise<void> {
  if (process.env.MONGODB_URI) {
    project.provide('mongoUri', process.env.MONGODB_URI);
    return;
  }
  devdb = await startDevDb();
  project.provide('mongoUri', devdb.uri);
}

export async function teardown(): Promise<void> {
  await devdb?.dispose();
}
