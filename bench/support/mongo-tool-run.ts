// Runs one of the MongoDB Database Tools as a peer baseline: wall-clock time and peak RSS.
import { spawn } from 'node:child_process';
import { mongoTool } from '../../test/support/mongo-tools.js';
import type { MongoToolName } from '../../src/backup/find-mongo-tool.js';
import { childPeakRssMiB } from './measure.js';

export interface ToolRun {
  ms: number;
  peakRssMiB: number;
  stderr: string;
}

/** The tool's path, or the sentence the table prints when the tools are absent. */
export function peerTool(name: MongoToolName): { path: string } | { skipped: string } {
  const path = mongoTool(name);
  return path ? { path } : { skipped: `skipped: ${name} is neither in ../shared/mongo-tools/bin nor on the PATH` };
}

/** Runs the tool to its end (rejecting on a non-zero exit); its kernel high-water mark is read while it runs. */
export function runMongoTool(path: string, args: string[]): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    let stderr = '';
    const sample = () => {
      peak = Math.max(peak, childPeakRssMiB(child.pid!) ?? 0);
    };
    const timer = setInterval(sample, 20);
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      clearInterval(timer);
      if (code === 0) resolve({ ms, peakRssMiB: peak, stderr });
      else reject(new Error(`${path} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`));
    });
  });
}
