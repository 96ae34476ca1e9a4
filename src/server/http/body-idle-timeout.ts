import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Ends a connection whose request body stops arriving (a slow-body attack holds a socket and a
 * handler forever). It times inactivity, not the total: a 1 GiB upload may take as long as it
 * needs as long as bytes keep coming. Time the server itself holds the body back (its buffer is
 * full because a handler reads slowly, e.g. Core is slow to take the upload) does not count.
 */
export function watchBodyIdle(req: FastifyRequest, reply: FastifyReply, idleMs: number): void {
  const incoming = req.raw;
  const hasBody = incoming.headers['transfer-encoding'] !== undefined || Number(incoming.headers['content-length'] ?? 0) > 0;
  if (!hasBody || incoming.complete) return;
  const socket = incoming.socket;
  let lastBytes = socket.bytesRead;
  const timer = setInterval(() => {
    if (incoming.complete || socket.destroyed) return clearInterval(timer);
    const heldBackByUs = incoming.readableLength >= incoming.readableHighWaterMark || incoming.isPaused();
    if (socket.bytesRead !== lastBytes || heldBackByUs) {
      lastBytes = socket.bytesRead;
      return;
    }
    clearInterval(timer);
    req.log.warn({ idleMs }, 'request body stopped arriving: connection closed');
    socket.destroy();
  }, idleMs);
  timer.unref();
  reply.raw.once('close', () => clearInterval(timer));
}
