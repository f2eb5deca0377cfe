import type { Conversation, Message, TokenResponse } from '@pneumatic/contracts';

/**
 * A second device of a user, talking to the API directly: for filling a conversation with history quickly.
 * It is the real API, not a mock.
 */
export class ApiClient {
  private constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  static async login(url: string, username: string, password: string): Promise<ApiClient> {
    const response = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    return new ApiClient(url, ((await response.json()) as TokenResponse).access_token);
  }

  /** The `Authorization` header of this device, for calls this client has no method for. */
  headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  /** This user's view of a conversation (its read marker, its unread count). */
  async conversation(conversationId: string): Promise<Conversation> {
    const response = await fetch(`${this.url}/conversations/${conversationId}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!response.ok) throw new Error(`conversation failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as Conversation;
  }

  /** The messages of a conversation after a seq (the oldest first). */
  async messagesAfter(conversationId: string, afterSeq: number): Promise<Message[]> {
    const response = await fetch(`${this.url}/conversations/${conversationId}/messages?after_seq=${afterSeq}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (!response.ok) throw new Error(`history failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { messages: Message[] }).messages;
  }

  async send(
    conversationId: string,
    content: string,
    messageId = `seed-${conversationId}-${content}`.replace(/[^\w:.-]/g, '_').slice(0, 64),
    replyToId?: string,
  ): Promise<Message> {
    const response = await fetch(`${this.url}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ conversation_id: conversationId, message_id: messageId, content, reply_to_id: replyToId }),
    });
    if (!response.ok) throw new Error(`send failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as Message;
  }
}
