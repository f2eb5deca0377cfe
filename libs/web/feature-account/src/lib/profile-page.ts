import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { LIMITS, type Account } from '@pneumatic/contracts';
import { AttachmentsApi, AuthApi, describeError, displayName, Session } from '@pneumatic/web/data-access';
import { FormSubmission, PASSWORD_HINT, TextField } from '@pneumatic/web/feature-auth';
import { Avatar } from '@pneumatic/web/ui';
import { firstValueFrom } from 'rxjs';

/** The repetition must equal the new password (the message rides on `server`, which the field shows as it is). */
function repeatsNewPassword(control: AbstractControl<string>): ValidationErrors | null {
  const newPassword = control.parent?.get('new_password')?.value;
  return !control.value || control.value === newPassword ? null : { server: 'The two new passwords differ.' };
}

/** The user's name (which their contacts see at once), picture and password. */
@Component({
  selector: 'pc-profile-page',
  imports: [Avatar, ReactiveFormsModule, TextField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="profile-picture">
      <h2 id="profile-picture">Picture</h2>
      <div class="picture">
        <pc-avatar class="large" [name]="name()" [seed]="session.user()?.id ?? ''" [image]="session.user()?.avatar_url" />
        <span class="muted">&#64;{{ session.user()?.username }}</span>
      </div>
      <p class="muted">A PNG, JPEG, GIF or WebP of at most 5 MB; it is cropped to a square.</p>
      <div class="picture-actions">
        <label class="button secondary">
          {{ session.user()?.avatar_url ? 'Change picture' : 'Upload a picture' }}
          <input
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            class="pc-visually-hidden"
            (change)="setPicture($any($event.target))"
          />
        </label>
        @if (session.user()?.avatar_url) {
          <button type="button" class="secondary" [disabled]="pictureBusy()" (click)="removePicture()">Remove picture</button>
        }
      </div>
      @if (pictureError(); as message) {
        <p class="form-error" role="alert">{{ message }}</p>
      }
    </section>

    <section aria-labelledby="profile-name">
      <h2 id="profile-name">Name</h2>
      <form [formGroup]="nameForm" (ngSubmit)="saveName()" novalidate>
        <pc-text-field [control]="nameForm.controls.full_name" label="Full name" autocomplete="name" [hint]="nameHint" />
        @if (nameSubmission.error(); as message) {
          <p class="form-error" role="alert">{{ message }}</p>
        }
        @if (nameSaved()) {
          <p class="done" role="status">Saved. People you talk with see the new name.</p>
        }
        <button type="submit" class="primary" [disabled]="nameSubmission.busy()">Save name</button>
      </form>
    </section>

    <section aria-labelledby="profile-password">
      <h2 id="profile-password">Password</h2>
      <form [formGroup]="passwordForm" (ngSubmit)="changePassword()" novalidate>
        <pc-text-field
          [control]="passwordForm.controls.current_password"
          label="Current password"
          type="password"
          autocomplete="current-password"
        />
        <pc-text-field
          [control]="passwordForm.controls.new_password"
          label="New password"
          type="password"
          autocomplete="new-password"
          [hint]="passwordHint"
        />
        <pc-text-field
          [control]="passwordForm.controls.repeat"
          label="Repeat the new password"
          type="password"
          autocomplete="new-password"
        />
        @if (passwordSubmission.error(); as message) {
          <p class="form-error" role="alert">{{ message }}</p>
        }
        @if (passwordChanged()) {
          <p class="done" role="status">Password changed. Every other device has been signed out.</p>
        }
        <button type="submit" class="primary" [disabled]="passwordSubmission.busy()">Change password</button>
      </form>
    </section>
  `,
  styleUrl: './account.css',
  styles: `
    .picture-actions {
      display: flex;
      gap: 0.5rem;
      margin-top: 0.5rem;
    }
    pc-avatar.large {
      width: 4rem;
      height: 4rem;
    }
    .picture {
      display: flex;
      align-items: center;
      gap: 0.75rem;
    }
  `,
})
export class ProfilePage {
  protected readonly session = inject(Session);
  private readonly api = inject(AuthApi);
  private readonly attachments = inject(AttachmentsApi);
  protected readonly pictureBusy = signal(false);
  protected readonly pictureError = signal<string | null>(null);
  private readonly forms = inject(NonNullableFormBuilder);
  protected readonly name = computed(() => displayName(this.session.user() ?? undefined));
  protected readonly nameHint = `Optional, at most ${LIMITS.fullNameMax} characters`;
  protected readonly passwordHint = PASSWORD_HINT;

  protected readonly nameForm = this.forms.group({
    full_name: [this.session.user()?.full_name ?? '', Validators.maxLength(LIMITS.fullNameMax)],
  });
  protected readonly nameSubmission = new FormSubmission(this.nameForm);
  protected readonly nameSaved = signal(false);

  protected readonly passwordForm = this.forms.group({
    current_password: ['', Validators.required],
    new_password: ['', [Validators.required, Validators.minLength(LIMITS.passwordMin), Validators.maxLength(LIMITS.passwordMax)]],
    repeat: ['', [Validators.required, repeatsNewPassword]],
  });
  protected readonly passwordSubmission = new FormSubmission(this.passwordForm);
  protected readonly passwordChanged = signal(false);

  protected async saveName(): Promise<void> {
    this.nameSaved.set(false);
    const saved = await this.nameSubmission.run(async () => {
      const account = await firstValueFrom(this.api.updateProfile({ full_name: this.nameForm.controls.full_name.value }));
      this.session.adoptProfile(account);
      this.nameForm.reset({ full_name: account.full_name ?? '' });
    });
    this.nameSaved.set(saved);
  }

  /** Uploads a new picture; a refusal (too large, not an image) says why. */
  protected async setPicture(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    await this.picture(() => firstValueFrom(this.attachments.setAvatar(file, file.name)));
  }

  protected async removePicture(): Promise<void> {
    await this.picture(async () => {
      await firstValueFrom(this.attachments.removeAvatar());
      const user = this.session.user();
      return user ? { ...user, avatar_url: null } : null;
    });
  }

  private async picture(change: () => Promise<Account | null>): Promise<void> {
    this.pictureBusy.set(true);
    this.pictureError.set(null);
    try {
      const account = await change();
      if (account) this.session.adoptProfile(account);
    } catch (error) {
      this.pictureError.set(describeError(error));
    } finally {
      this.pictureBusy.set(false);
    }
  }

  protected async changePassword(): Promise<void> {
    this.passwordChanged.set(false);
    this.passwordForm.controls.repeat.updateValueAndValidity();
    const { current_password, new_password } = this.passwordForm.getRawValue();
    const changed = await this.passwordSubmission.run(async () => {
      await firstValueFrom(this.api.changePassword({ current_password, new_password }));
      this.passwordForm.reset();
    });
    this.passwordChanged.set(changed);
  }
}
