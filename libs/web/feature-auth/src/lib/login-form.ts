import { ChangeDetectionStrategy, Component, inject, output } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Session } from '@pneumatic/web/data-access/session';
import { FormSubmission } from './form-submission';
import { TextField } from './text-field';

@Component({
  selector: 'pc-login-form',
  imports: [ReactiveFormsModule, TextField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <pc-text-field [control]="form.controls.username" label="Username" autocomplete="username" />
      <pc-text-field [control]="form.controls.password" label="Password" type="password" autocomplete="current-password" />
      @if (submission.error(); as message) {
        <p class="form-error" role="alert">{{ message }}</p>
      }
      <button type="submit" class="primary" [disabled]="submission.busy()">{{ submission.busy() ? 'Logging in…' : 'Log in' }}</button>
    </form>
  `,
  styleUrl: './auth-form.css',
})
export class LoginForm {
  private readonly session = inject(Session);
  /** Emits once the user is signed in. */
  readonly done = output<void>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });

  protected readonly submission = new FormSubmission(this.form);

  protected async submit(): Promise<void> {
    if (await this.submission.run(() => this.session.login(this.form.getRawValue()))) this.done.emit();
  }
}
