import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { startWith, switchMap } from 'rxjs';
import { fieldError } from './form-errors';

let nextId = 0;

/** A labelled input bound to a form control, with its hint and, once touched, what is wrong with it. */
@Component({
  selector: 'pc-text-field',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <label [for]="id">{{ label() }}</label>
    <input
      [id]="id"
      [type]="type()"
      [formControl]="control()"
      [attr.autocomplete]="autocomplete()"
      [attr.aria-invalid]="error() ? 'true' : null"
      [attr.aria-describedby]="describedBy()"
      autocapitalize="none"
      spellcheck="false"
    />
    @if (error(); as message) {
      <p class="error" [id]="id + '-error'" [attr.role]="fromServer() ? 'alert' : null">{{ message }}</p>
    } @else if (hint()) {
      <p class="hint" [id]="id + '-hint'">{{ hint() }}</p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.3rem;
    }
    label {
      font-weight: 600;
      font-size: 0.9rem;
    }
    p {
      margin: 0;
      font-size: 0.8rem;
    }
    .hint {
      color: var(--pc-muted);
    }
    .error {
      color: var(--pc-danger);
    }
  `,
})
export class TextField {
  readonly control = input.required<FormControl<string>>();
  readonly label = input.required<string>();
  readonly type = input<'text' | 'password'>('text');
  readonly autocomplete = input<string>('off');
  readonly hint = input<string>('');
  protected readonly id = `pc-field-${nextId++}`;

  /** Every change of the control (value, status, touched, including markAllAsTouched on submit), as a signal. */
  private readonly changes = toSignal(toObservable(this.control).pipe(switchMap((control) => control.events.pipe(startWith(null)))));
  protected readonly error = computed(() => {
    this.changes();
    return fieldError(this.control(), this.label());
  });
  /** The server's word (announced as it comes: the user did not see it coming, unlike a rule they typed against). */
  protected readonly fromServer = computed(() => {
    this.changes();
    return this.error() !== null && this.control().hasError('server');
  });
  protected readonly describedBy = computed(() => (this.error() ? `${this.id}-error` : this.hint() ? `${this.id}-hint` : null));
}
