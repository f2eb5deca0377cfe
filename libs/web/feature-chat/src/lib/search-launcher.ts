import { Injectable, signal } from '@angular/core';

/** Whether the search box is open: the sidebar's button and Ctrl/Cmd+K open it, the box closes it. */
@Injectable()
export class SearchLauncher {
  readonly open = signal(false);
}
