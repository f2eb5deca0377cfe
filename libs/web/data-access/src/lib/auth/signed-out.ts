import type { SessionEndReason } from '@pneumatic/contracts';

/**
 * The line the login page shows when this device's session was ended elsewhere. A sign-out of this very session
 * (another tab of this browser, or this device) needs no explanation.
 */
export const SIGNED_OUT_MESSAGES: Readonly<Record<SessionEndReason, string | null>> = {
  logout: null,
  revoked: 'You were signed out from another device.',
  password_changed: 'Your password was changed on another device. Please log in with the new one.',
  reuse_detected: 'You were signed out to keep your account safe: this sign-in was used from two places at once. Please log in again.',
  deactivated: 'Your account has been deactivated by an administrator.',
};
