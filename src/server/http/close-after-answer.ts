import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** How long a refused upload's remaining body is read and thrown away after the answer went out. */
const LINGER_MS = 2_000;
const lingering = new WeakSet<Socket>();

/**
 * Ends the connection after this answer without reading the rest of the request body.
 *
 * Closing a socket with unread bytes in its receive buffer makes the kernel send a reset, which
 * can overtake the answer (a 413, a 401): the client then sees EPIPE or ECONNRESET instead of it.
 * So, like nginx's lingering close, the server half-closes after the answer, throws away what
 * still arrives for at most LINGER_MS (a client stops sending once it reads the answer), then closes.
 */
export function closeAfterAnswer(req: FastifyRequest, reply: FastifyReply): void {
  reply.header('connection', 'close');
  const incoming: IncomingMessage = req.raw;
  const socket = incoming.socket as Socket & { destroySoon?: () => void };
  const destroySoon = socket.destroySoon?.bind(socket);
  if (!destroySoon || lingering.has(socket)) return;
  lingering.add(socket);
  socket.destroySoon = () => {
    if (incoming.complete || socket.destroyed) return destroySoon();
    socket.end();
    const close = () => {
      clearTimeout(timer);
      socket.destroy();
    };
    const timer = setTimeout(close, LINGER_MS);
    socket.once('close', () => clearTimeout(timer));
    incoming.once('end', close);
    incoming.resume();
  };
}
