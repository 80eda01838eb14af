import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { retainedMemory } from './server.js';

/*
 * The fan-out benchmark's baseline: a bare `ws` server in a process of its own that speaks just
 * enough graphql-transport-ws for graphql-ws clients (connection_ack, one subscription each) and,
 * for every POST /broadcast, sends its body as the `next` payload of every subscription.
 */

const subscriptions = new Map<WebSocket, string>();

const server = createServer((request, response) => {
  if (request.method !== 'POST' || request.url !== '/broadcast') {
    response.writeHead(404).end();
    return;
  }
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (body += chunk));
  // Answered first, then sent, as Interdist answers placeOrder and then its feed delivers.
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    setImmediate(() => {
      for (const [socket, id] of subscriptions)
        socket.send(`{"id":"${id}","type":"next","payload":${body}}`);
    });
  });
});

const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: string };
    if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
    else if (message.type === 'subscribe' && message.id) subscriptions.set(socket, message.id);
    else if (message.type === 'complete') subscriptions.delete(socket);
  });
  socket.on('close', () => subscriptions.delete(socket));
});

// Without its harness (killed, or interrupted) the server has no one to stop it.
process.on('disconnect', () => process.exit(0));
process.on('message', (message: { type: string }) => {
  if (message.type === 'memory') process.send?.({ type: 'memory', memory: retainedMemory() });
  if (message.type !== 'stop') return;
  for (const client of wss.clients) client.terminate();
  wss.close();
  server.close(() => process.exit(0));
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
});
