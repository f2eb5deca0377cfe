import { signal } from '@angular/core';
import type { FormGroup } from '@angular/forms';
import { describeError, problemOf } from '@pneumatic/web/data-access/session';
import { applyServerFieldErrors, setServerError } from './form-errors';

/**
 * One form's trip to the server: every field shows its errors first, an invalid or busy form goes nowhere, and a
 * refusal puts the server's words where they belong: on the fields they are about (its per-field messages, and
 * problems known to be about one field, like a taken username), else on the form. Neither outlives the change it
 * asks for: a field's clears when that field changes, the form's when any field does.
 */
export class FormSubmission {
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);

  /** `fieldOfProblem`: problem codes that are about one field, e.g. `{ CONFLICT: 'username' }` for a sign-up. */
  constructor(
    private readonly form: FormGroup,
    private readonly fieldOfProblem: Readonly<Record<string, string>> = {},
  ) {
    form.valueChanges.subscribe(() => {
      if (this.error() !== null) this.error.set(null);
    });
  }

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
      const problem = problemOf(error);
      const field = problem?.code ? this.form.get(this.fieldOfProblem[problem.code] ?? '') : null;
      if (problem && field) setServerError(field, problem.detail);
      applyServerFieldErrors(this.form, error);
      // A problem about one field is said there alone; the server's sentence for the form stays with per-field messages.
      this.error.set(field ? null : describeError(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
