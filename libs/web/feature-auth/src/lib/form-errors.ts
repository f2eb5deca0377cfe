import { AbstractControl, FormGroup, ValidationErrors, ValidatorFn } from '@angular/forms';
import { LIMITS, normalizeUsername, USERNAME_PATTERN } from '@pneumatic/contracts';
import { problemOf } from '@pneumatic/web/data-access/session';

/** The server's username rule: 3–32 of a-z 0-9 _ . - once normalised (so "Alice" is fine: it becomes "alice"). */
export const usernameRule: ValidatorFn = (control: AbstractControl<string>): ValidationErrors | null => {
  const value = control.value ?? '';
  if (value === '') return null;
  return USERNAME_PATTERN.test(normalizeUsername(value)) ? null : { username: true };
};

/** Hints shown under the sign-up fields, from the limits the server enforces. */
export const PASSWORD_HINT = `${LIMITS.passwordMin}–${LIMITS.passwordMax} characters`;
export const USERNAME_HINT = `${LIMITS.usernameMin}–${LIMITS.usernameMax} characters: letters, digits and _ . -`;

/** The sentence to show under a field, or null when it is fine (or untouched). */
export function fieldError(control: AbstractControl, label: string): string | null {
  if (!control.touched || !control.errors) return null;
  const errors = control.errors;
  if (errors['server']) return String(errors['server']);
  if (errors['required']) return `${label} is required.`;
  if (errors['username']) return `Use ${USERNAME_HINT}.`;
  if (errors['minlength']) return `${label} must be at least ${errors['minlength'].requiredLength} characters.`;
  if (errors['maxlength']) return `${label} must be at most ${errors['maxlength'].requiredLength} characters.`;
  return `${label} is not valid.`;
}

/** Shows the server's word on a field until the field changes (its validators run again and drop it). */
export function setServerError(control: AbstractControl, message: string): void {
  control.setErrors({ ...control.errors, server: message });
  control.markAsTouched();
}

/** Puts the server's per-field messages (`errors: [{field, message}]`) on the matching controls. */
export function applyServerFieldErrors(form: FormGroup, error: unknown): void {
  for (const { field, message } of problemOf(error)?.errors ?? []) {
    const control = form.get(field.split('.')[0]);
    if (control) setServerError(control, message);
  }
}
