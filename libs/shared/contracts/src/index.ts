export * from './lib/models';
export * from './lib/errors';
export * from './lib/limits';
export * from './lib/auth';
export * from './lib/resources';
export * from './lib/realtime';
export * from './lib/emoji';
export * from './lib/search';
