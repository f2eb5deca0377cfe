import { Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { SignedLinks } from '../../core/links/signed-links';
import { ConversationsModule } from '../conversations/conversations.module';
import { UsersModule } from '../users/users.module';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { AvatarsController } from './avatars.controller';
import { AvatarsService } from './avatars.service';
import { OrphanSweeper } from './orphan-sweeper';
import { LocalStorage } from './storage/local-storage';
import { ObjectStorage } from './storage/object-storage';
import { S3Storage } from './storage/s3-storage';

/** Owns uploaded files and avatars: storage (local or S3), signed links, downloads, clean-up (SPEC 10.6). */
@Module({
  imports: [ConversationsModule, UsersModule],
  controllers: [AttachmentsController, AvatarsController],
  providers: [
    {
      provide: ObjectStorage,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): ObjectStorage =>
        config.attachments.storage.driver === 's3' ? new S3Storage(config.attachments.storage) : new LocalStorage(config.attachments.storage.path),
    },
    {
      // Installed for the mappers of messages and users, which sign links wherever they are built.
      provide: SignedLinks,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => SignedLinks.install(new SignedLinks(config.secretKey, config.attachments.urlTtlSeconds)),
    },
    AttachmentsRepository,
    AttachmentsService,
    AvatarsService,
    OrphanSweeper,
  ],
  exports: [AttachmentsService, AttachmentsRepository, SignedLinks],
})
export class AttachmentsModule implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly storage: ObjectStorage) {}

  /** The folder or bucket exists before the first upload (a wrong S3 setting stops the start with its reason). */
  async onModuleInit(): Promise<void> {
    await this.storage.prepare();
  }

  onModuleDestroy(): void {
    if (this.storage instanceof S3Storage) this.storage.destroy();
  }
}
