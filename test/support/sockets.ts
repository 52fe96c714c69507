import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

export type ClientSocket = Socket;

export interface ConnectError extends Error {
  data?: { code: string; message: string };
}

/** A /chat socket (or `namespace`) over WebSocket, without reconnection, so every refusal is final. */
export function chatSocket(
  baseUrl: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
  namespace = '/chat',
): ClientSocket {
  return io(`${baseUrl}${namespace}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
}

/** Resolves once connected; rejects with the server's connect_error. */
export function connected(socket: ClientSocket): Promise<ClientSocket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** The connect_error a refused handshake ends with (fails the test if it connects instead). */
export function refusal(socket: ClientSocket): Promise<ConnectError> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('the socket connected, but should have been refused'));
    });
    socket.once('connect_error', (error: ConnectError) => {
      socket.close();
      resolve(error);
    });
  });
}

/** The next `event` on this socket. */
export function next<T = unknown>(socket: ClientSocket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, (payload: T) => resolve(payload)));
}

/** Resolves with the reason once the server drops the socket. */
export function dropped(socket: ClientSocket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

/** Every `event` the socket receives from now on, in order. */
export function record<T = unknown>(socket: ClientSocket, event: string): T[] {
  const received: T[] = [];
  socket.on(event, (payload: T) => received.push(payload));
  return received;
}

/** A `message:send` acknowledgement: the stored message, or the error. */
export type Ack<M = unknown> =
  | { message: M }
  | { error: { code: string; message: string; errors?: { field: string; messages: string[] }[] } };

/** `message:send` with its acknowledgement. */
export function send<M = unknown>(socket: ClientSocket, payload: unknown): Promise<Ack<M>> {
  return socket.emitWithAck('message:send', payload) as Promise<Ack<M>>;
}

/** A connected /chat socket authenticated by `auth.token`, kept in `opened` so the suite can close it after. */
export function openAs(
  url: string,
  user: { token: string },
  opened: ClientSocket[],
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<ClientSocket> {
  const socket = chatSocket(url, { auth: { token: user.token }, ...options });
  opened.push(socket);
  return connected(socket);
}
