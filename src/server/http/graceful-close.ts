import type { FastifyInstance } from 'fastify';

/**
 * Stops taking requests (the listener closes; a request on a kept-alive connection gets 503) and
 * lets the running ones finish for up to `graceMs`, closing each connection as soon as it is idle.
 * Then it cuts what is left: an upload still streaming is aborted, and its route removes its
 * spill files. Event streams are ended by the preClose hook (endEventStreams) before this waits.
 */
export async function closeGracefully(server: FastifyInstance, graceMs: number): Promise<void> {
  const http = server.server;
  const sweep = setInterval(() => http.closeIdleConnections(), 250);
  const cut = setTimeout(() => http.closeAllConnections(), graceMs);
  try {
    await server.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(cut);
  }
}
