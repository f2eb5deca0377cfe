import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Ack, Message, SyncResponse } from '@pneumatic/contracts';
import { SerialQueue } from '../../core/concurrency/serial-queue';
import { isDatabaseUnavailable, SessionEndedError, toProblemOutcome, UnauthorizedError } from '../../core/errors';
import { validatePayload } from '../../core/validation/payload';
import { AuthService } from '../auth/auth.service';
import { ConversationsService } from '../conversations/conversations.service';
import { ReadPayloadDto } from '../conversations/dto/read.dto';
import { DeleteMessagePayloadDto, EditMessagePayloadDto } from '../messages/dto/edit-message.dto';
import { SendMessagePayloadDto } from '../messages/dto/send-message.dto';
import { SyncPayloadDto } from '../messages/dto/sync.dto';
import { CatchUpService } from '../messages/catch-up.service';
import { MessageEditsService } from '../messages/message-edits.service';
import { MessagesService } from '../messages/messages.service';
import { ChatMetrics } from '../observability/chat-metrics.service';
import { traceSocketEvent } from '../observability/tracing/socket-spans';
import { EventRateLimiter } from '../rate-limit/event-rate-limiter';
import { PresenceService } from '../presence/presence.service';
import { ReactionPayloadDto } from '../reactions/dto/reaction.dto';
import { ReactionsService } from '../reactions/reactions.service';
import { AccountFanOut } from './account-fan-out';
import { FanOutService } from './fan-out.service';
import { handshakeToken } from './handshake';
import { ChatServer, ChatSocket, MAX_TIMER_MS, sessionRoom, userRoom } from './realtime.types';
import { dropWhenNotReading } from './slow-consumer';
import { TypingPayloadDto } from './typing.dto';
import { TypingRelay } from './typing-relay';

/**
 * Socket.IO at /socket.io: authenticates the handshake, puts every device in its user's room,
 * and answers each event with an ack. The rules live in the services it calls.
 */
@WebSocketGateway()
export class ChatGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChatGateway.name);

  @WebSocketServer()
  server!: ChatServer;

  constructor(
    private readonly auth: AuthService,
    private readonly messages: MessagesService,
    private readonly edits: MessageEditsService,
    private readonly reactions: ReactionsService,
    private readonly catchUp: CatchUpService,
    private readonly fanOut: FanOutService,
    private readonly conversations: ConversationsService,
    private readonly presence: PresenceService,
    private readonly typingRelay: TypingRelay,
    private readonly metrics: ChatMetrics,
    private readonly rateLimiter: EventRateLimiter,
    private readonly accountFanOut: AccountFanOut,
  ) {}

  afterInit(server: ChatServer): void {
    server.use((socket, next) => {
      const token = handshakeToken(socket.handshake);
      if (!token) return next(unauthorized('Missing access token'));
      this.auth.authenticate(token).then(
        ({ expiresAt, ...user }) => {
          socket.data.user = user;
          socket.data.expiresAt = expiresAt.getTime();
          socket.data.sends = new SerialQueue();
          next();
        },
        // An outage is not a bad token: the client keeps its session and simply reconnects later.
        (error: unknown) =>
          next(
            isDatabaseUnavailable(error)
              ? unavailable()
              : error instanceof SessionEndedError
                ? sessionEnded(error)
                : unauthorized('Invalid or expired access token'),
          ),
      );
    });
    this.fanOut.attach(server);
    this.accountFanOut.attach(server);
  }

  handleConnection(socket: ChatSocket): void {
    void socket.join([userRoom(socket.data.user.id), sessionRoom(socket.data.user.sessionId)]);
    this.scheduleExpiry(socket);
    dropWhenNotReading(socket, this.logger);
    this.metrics.socketConnected('socket.io');
    void this.presence.deviceConnected(socket.data.user.id, socket.id);
    this.logger.debug({ socket: socket.id, user_id: socket.data.user.id }, 'socket connected');
  }

  handleDisconnect(socket: ChatSocket): void {
    clearTimeout(socket.data.expiryTimer);
    socket.data.expiryTimer = undefined;
    this.metrics.socketDisconnected('socket.io');
    if (socket.data.user) void this.presence.deviceDisconnected(socket.data.user.id, socket.id);
    this.logger.debug({ socket: socket.id, user_id: socket.data.user?.id }, 'socket disconnected');
  }

  /**
   * On shutdown, drops each client's transport (not a Socket.IO "disconnect", after which clients would
   * not come back by themselves): they reconnect — through the load balancer, to another instance — and sync.
   */
  beforeApplicationShutdown(): void {
    for (const socket of this.server.of('/').sockets.values()) socket.conn.close();
  }

  @SubscribeMessage('message:send')
  send(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<Ack<{ message: Message }>> {
    return this.answer(socket, 'message:send', async () => {
      const input = await validatePayload(SendMessagePayloadDto, payload);
      const { message } = await socket.data.sends.run(() => this.messages.send(socket.data.user.id, input));
      return { message };
    });
  }

  @SubscribeMessage('message:edit')
  edit(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<Ack<{ message: Message }>> {
    return this.answer(socket, 'message:edit', async () => {
      const { id, ...input } = await validatePayload(EditMessagePayloadDto, payload);
      return { message: await this.edits.edit(socket.data.user.id, id, input) };
    });
  }

  @SubscribeMessage('message:delete')
  delete(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(socket, 'message:delete', async () => {
      const { id } = await validatePayload(DeleteMessagePayloadDto, payload);
      await this.edits.delete(socket.data.user.id, id);
      return {};
    });
  }

  @SubscribeMessage('reaction:add')
  react(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<Ack<{ message: Message }>> {
    return this.answer(socket, 'reaction:add', async () => {
      const { id, emoji } = await validatePayload(ReactionPayloadDto, payload);
      return { message: await this.reactions.add(socket.data.user.id, id, emoji) };
    });
  }

  @SubscribeMessage('reaction:remove')
  unreact(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<Ack<{ message: Message }>> {
    return this.answer(socket, 'reaction:remove', async () => {
      const { id, emoji } = await validatePayload(ReactionPayloadDto, payload);
      return { message: await this.reactions.remove(socket.data.user.id, id, emoji) };
    });
  }

  @SubscribeMessage('sync')
  sync(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<Ack<SyncResponse>> {
    return this.answer(socket, 'sync', async () => this.catchUp.sync(socket.data.user.id, await validatePayload(SyncPayloadDto, payload)));
  }

  @SubscribeMessage('read')
  read(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<Ack<{ seq: number }>> {
    return this.answer(socket, 'read', async () => {
      const { conversation_id, seq } = await validatePayload(ReadPayloadDto, payload);
      const view = await this.conversations.markRead(socket.data.user.id, conversation_id, seq);
      return { seq: view.last_read_seq };
    });
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(socket, 'typing', async () => {
      const { conversation_id, typing } = await validatePayload(TypingPayloadDto, payload);
      const memberIds = await this.conversations.memberIdsFor(socket.data.user.id, conversation_id);
      let now = true;
      this.typingRelay.update(socket.data.user.id, conversation_id, typing, (event) => {
        if (now) return this.fanOut.relayTyping(event, memberIds);
        // An expiry comes seconds later: to the members as they are then, so a member removed since hears nothing more.
        void this.conversations.membersOf(conversation_id).then(
          (current) => this.fanOut.relayTyping(event, current),
          (error: unknown) => this.logger.warn({ err: error, conversation_id }, 'could not relay a typing expiry'),
        );
      });
      now = false;
      return {};
    });
  }

  /** Runs an event's work and turns the outcome into an ack; nothing thrown escapes to Socket.IO. */
  private async answer<T extends object>(socket: ChatSocket, event: string, work: () => Promise<T>): Promise<Ack<T>> {
    try {
      if (Date.now() >= socket.data.expiresAt) throw new UnauthorizedError('Access token expired');
      const ended = this.auth.sessionEnded(socket.data.user.sessionId);
      if (ended) throw ended;
      await this.rateLimiter.enforce(socket.data.user.id, event === 'typing' || event === 'read' ? 'signals' : 'events');
      return { ok: true, ...(await traceSocketEvent('socket.io', event, work)) };
    } catch (error) {
      const outcome = toProblemOutcome(error);
      if (outcome.unexpected) {
        this.logger.error({ err: error, event, socket: socket.id, user_id: socket.data.user.id }, 'socket event failed');
      }
      if (error instanceof UnauthorizedError) setImmediate(() => socket.disconnect(true));
      return { ok: false, error: outcome.problem };
    }
  }

  /** Disconnects the socket when its access token expires; the client refreshes and reconnects. */
  private scheduleExpiry(socket: ChatSocket): void {
    const delay = socket.data.expiresAt - Date.now();
    socket.data.expiryTimer = setTimeout(
      () => (Date.now() >= socket.data.expiresAt ? socket.disconnect(true) : this.scheduleExpiry(socket)),
      Math.min(Math.max(delay, 0), MAX_TIMER_MS),
    );
  }
}

function unauthorized(detail: string): Error & { data: { code: 'UNAUTHORIZED'; detail: string } } {
  return Object.assign(new Error('Unauthorized'), { data: { code: 'UNAUTHORIZED' as const, detail } });
}

function sessionEnded(error: SessionEndedError): Error & { data: { code: 'UNAUTHORIZED'; detail: string; session_ended: string } } {
  return Object.assign(new Error('Unauthorized'), {
    data: { code: 'UNAUTHORIZED' as const, detail: error.detail, session_ended: error.reason },
  });
}

function unavailable(): Error & { data: { code: 'SERVICE_UNAVAILABLE'; detail: string } } {
  return Object.assign(new Error('Service Unavailable'), {
    data: { code: 'SERVICE_UNAVAILABLE' as const, detail: 'The service is temporarily unavailable; retry shortly' },
  });
}
