import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessagesModule } from '../messages/messages.module';
import { ChatGateway } from './chat.gateway';
import { FanOutService } from './fan-out.service';
import { RawClients } from './raw-clients';
import { RawWebSocketServer } from './raw-ws.server';

/** Real time: the Socket.IO gateway, the original raw WebSocket protocol, and the fan-out both share. */
@Module({
  imports: [AuthModule, ConversationsModule, MessagesModule],
  providers: [ChatGateway, RawWebSocketServer, RawClients, FanOutService],
  exports: [FanOutService, RawClients],
})
export class RealtimeModule {}
