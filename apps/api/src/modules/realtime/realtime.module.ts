import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessagesModule } from '../messages/messages.module';
import { PresenceModule } from '../presence/presence.module';
import { ReactionsModule } from '../reactions/reactions.module';
import { AccountFanOut } from './account-fan-out';
import { ChatGateway } from './chat.gateway';
import { FanOutService } from './fan-out.service';
import { RawClients } from './raw-clients';
import { RawWebSocketServer } from './raw-ws.server';
import { TypingRelay } from './typing-relay';

/** Real time: the Socket.IO gateway, the original raw WebSocket protocol, and the fan-out both share. */
@Module({
  imports: [AuthModule, ConversationsModule, MessagesModule, PresenceModule, ReactionsModule],
  providers: [ChatGateway, RawWebSocketServer, RawClients, FanOutService, TypingRelay, AccountFanOut],
  exports: [FanOutService, RawClients],
})
export class RealtimeModule {}
