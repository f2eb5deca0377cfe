export * from './lib/auth-page';
