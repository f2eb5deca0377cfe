export { freePort } from './lib/free-port';
export { TcpProxy } from './lib/tcp-proxy';
