import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { describeError, Session } from '@pneumatic/web/data-access';
import { applyServerFieldErrors } from './form-errors';
import { TextField } from './text-field';

@Component({
  selector: 'pc-login-form',
  imports: [ReactiveFormsModule, TextField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <pc-text-field [control]="form.controls.username" label="Username" autocomplete="username" />
      <pc-text-field [control]="form.controls.password" label="Password" type="password" autocomplete="current-password" />
      @if (error(); as message) {
        <p class="form-error" role="alert">{{ message }}</p>
      }
      <button type="submit" class="primary" [disabled]="busy()">{{ busy() ? 'Logging in…' : 'Log in' }}</button>
    </form>
  `,
  styleUrl: './auth-form.css',
})
export class LoginForm {
  private readonly session = inject(Session);
  /** Emits once the user is signed in. */
  readonly done = output<void>();

  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });

  protected async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.session.login(this.form.getRawValue());
      this.done.emit();
    } catch (error) {
      this.error.set(describeError(error));
      applyServerFieldErrors(this.form, error);
    } finally {
      this.busy.set(false);
    }
  }
}
