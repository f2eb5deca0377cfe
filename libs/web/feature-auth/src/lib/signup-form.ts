import { ChangeDetectionStrategy, Component, inject, output } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { LIMITS } from '@pneumatic/contracts';
import { Session } from '@pneumatic/web/data-access/session';
import { PASSWORD_HINT, USERNAME_HINT, usernameRule } from './form-errors';
import { FormSubmission } from './form-submission';
import { TextField } from './text-field';

@Component({
  selector: 'pc-signup-form',
  imports: [ReactiveFormsModule, TextField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <pc-text-field [control]="form.controls.username" label="Username" autocomplete="username" [hint]="usernameHint" />
      <pc-text-field [control]="form.controls.full_name" label="Full name (optional)" autocomplete="name" />
      <pc-text-field
        [control]="form.controls.password"
        label="Password"
        type="password"
        autocomplete="new-password"
        [hint]="passwordHint"
      />
      @if (submission.error(); as message) {
        <p class="form-error" role="alert">{{ message }}</p>
      }
      <button type="submit" class="primary" [disabled]="submission.busy()">
        {{ submission.busy() ? 'Creating account…' : 'Create account' }}
      </button>
    </form>
  `,
  styleUrl: './auth-form.css',
})
export class SignupForm {
  private readonly session = inject(Session);
  /** Emits once the account exists and the user is signed in. */
  readonly done = output<void>();

  protected readonly usernameHint = USERNAME_HINT;
  protected readonly passwordHint = PASSWORD_HINT;
  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', [Validators.required, usernameRule]],
    full_name: ['', Validators.maxLength(LIMITS.fullNameMax)],
    password: ['', [Validators.required, Validators.minLength(LIMITS.passwordMin), Validators.maxLength(LIMITS.passwordMax)]],
  });

  /** A conflict on sign-up is the username being taken: it belongs to that field. */
  protected readonly submission = new FormSubmission(this.form, { CONFLICT: 'username' });

  protected async submit(): Promise<void> {
    const { username, password, full_name } = this.form.getRawValue();
    const signedUp = await this.submission.run(() => this.session.signup({ username, password, full_name: full_name.trim() || null }));
    if (signedUp) this.done.emit();
  }
}
