import type { IncomingMessage } from 'node:http';

type RoutedRequest = IncomingMessage & { baseUrl?: string; route?: { path?: unknown } };

/**
 * The route template that served a request (`/conversations/:id/messages`), never the raw path, so that
 * logs group by route and metric labels stay few. Undefined when no API route matched (static files,
 * `/docs`, 404s, bodies refused before routing); the catch-all pattern Nest registers for middleware
 * (`/{*path}`) is not a route.
 */
export function routeTemplate(request: IncomingMessage): string | undefined {
  const { route, baseUrl } = request as RoutedRequest;
  const path = route?.path;
  if (typeof path !== 'string' || path.includes('*')) return undefined;
  return `${baseUrl ?? ''}${path}`;
}
