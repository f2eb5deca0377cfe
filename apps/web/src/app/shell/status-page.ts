import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { ReadinessResponse } from '@pneumatic/contracts';
import { catchError, map, of } from 'rxjs';

/** The landing page until the chat feature is served: the product's name and whether the API is ready. */
@Component({
  selector: 'pc-status-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="status">
      <h1>Pneumatic Chat</h1>
      <p>Self-hosted real-time chat.</p>
      <p role="status">
        API: <strong>{{ ready() === null ? 'checking…' : ready() ? 'ready' : 'not ready' }}</strong>
      </p>
      <p><a href="/docs">API documentation</a></p>
    </main>
  `,
  styles: `
    .status {
      max-width: 32rem;
      margin: 4rem auto;
      padding: 0 1rem;
      font-family: system-ui, sans-serif;
    }
  `,
})
export class StatusPage {
  private readonly http = inject(HttpClient);

  protected readonly ready = toSignal(
    this.http.get<ReadinessResponse>('/ready').pipe(
      map((response) => response.status === 'ready'),
      catchError(() => of(false)),
    ),
    { initialValue: null },
  );
}
