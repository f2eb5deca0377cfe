import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AttachmentsService } from './attachments.service';

/**
 * Every instance sweeps now and then (a quarter of ATTACHMENT_ORPHAN_TTL, between 1 s and 10 min): uploads never sent
 * are deleted once older than the TTL, and files of deleted messages that a failure left in storage are removed.
 * Sweeps of several instances overlap harmlessly: deleting twice is no error.
 */
@Injectable()
export class OrphanSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OrphanSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly attachments: AttachmentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = Math.min(Math.max((this.config.attachments.orphanTtlSeconds * 1000) / 4, 1000), 600_000);
    this.timer = setInterval(() => void this.sweep(), everyMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async sweep(): Promise<void> {
    if (this.running) return;
    this.running = this.attachments
      .sweep()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'attachment sweep failed; the next one retries'))
      .finally(() => (this.running = null));
    await this.running;
  }
}
