import { Injectable } from '@nestjs/common';

/** Whether this instance is shutting down: readiness fails first so load balancers move traffic away. */
@Injectable()
export class Lifecycle {
  private drainingSince: Date | null = null;

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  startDraining(): void {
    this.drainingSince ??= new Date();
  }
}
