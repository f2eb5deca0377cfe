/**
 * The part of data-access the first page needs (`@pneumatic/web/data-access/session`): the session, the HTTP
 * interceptor and the route guards, and the error helpers of forms. The shell and the login page import this entry
 * alone, so everything about the chat (store, socket, history) stays in the chat's lazy chunk, out of the initial
 * load; the main entry (`@pneumatic/web/data-access`) has all of it, this included.
 */
export * from './lib/http/problem';
export * from './lib/api/auth-api';
export * from './lib/auth/session';
export * from './lib/auth/auth.interceptor';
export * from './lib/auth/guards';
export * from './lib/auth/signed-out';
