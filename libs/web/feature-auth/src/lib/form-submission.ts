import { signal } from '@angular/core';
import type { FormGroup } from '@angular/forms';
import { describeError } from '@pneumatic/web/data-access';
import { applyServerFieldErrors } from './form-errors';

/**
 * One form's trip to the server: every field shows its errors first, an invalid or busy form goes nowhere, and a
 * refusal leaves the server's `detail` for the form and its per-field messages on the fields.
 */
export class FormSubmission {
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  constructor(private readonly form: FormGroup) {}

  /** Resolves to true when the action succeeded. */
  async run(action: () => Promise<void>): Promise<boolean> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return false;
    this.busy.set(true);
    this.error.set(null);
    try {
      await action();
      return true;
    } catch (error) {
      this.error.set(describeError(error));
      applyServerFieldErrors(this.form, error);
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
