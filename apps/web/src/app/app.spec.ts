import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { StatusPage } from './shell/status-page';

describe('StatusPage', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [StatusPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
  });

  it('shows whether the API is ready', async () => {
    const fixture = TestBed.createComponent(StatusPage);
    fixture.detectChanges();
    const page = fixture.nativeElement as HTMLElement;
    expect(page.querySelector('[role=status]')?.textContent).toContain('checking');

    TestBed.inject(HttpTestingController).expectOne('/ready').flush({ status: 'ready', checks: { database: 'up' } });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(page.querySelector('[role=status]')?.textContent).toContain('API: ready');
    expect(page.querySelector('h1')?.textContent).toBe('Pneumatic Chat');
  });
});
