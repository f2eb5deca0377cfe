export * from './lib/auth-page';
// The form building blocks, for the other pages with forms (the account pages).
export * from './lib/text-field';
export * from './lib/form-submission';
export { PASSWORD_HINT } from './lib/form-errors';
