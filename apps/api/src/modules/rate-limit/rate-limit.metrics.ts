import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const RATE_LIMITED_TOTAL = 'pneumatic_rate_limited_total';

export const rateLimitMetrics = [
  makeCounterProvider({
    name: RATE_LIMITED_TOTAL,
    help: 'Requests and socket events refused by a rate limit',
    labelNames: ['transport'],
  }),
];
