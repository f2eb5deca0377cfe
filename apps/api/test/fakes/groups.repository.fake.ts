import type { Message } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../src/core/errors';
import type { GroupPlan, GroupsRepository, GroupState } from '../../src/modules/groups/groups.repository';
import type { GroupChange } from '../../src/modules/messages/message-feed';
import type { PublicOf } from '../test-service';
import type { FakeConversationsRepository } from './conversations.repository.fake';
import type { FakeMessagesRepository } from './messages.repository.fake';
import type { FakeUsersRepository } from './users.repository.fake';

/** Group changes on the fake conversations, members and messages, one at a time like the real transaction. */
export class FakeGroupsRepository implements PublicOf<GroupsRepository> {
  constructor(
    private readonly conversations: FakeConversationsRepository,
    private readonly messages: FakeMessagesRepository,
    private readonly users: FakeUsersRepository,
  ) {}

  async change(
    conversationId: string,
    namedIds: readonly string[],
    decide: (state: GroupState) => GroupPlan | null,
  ): Promise<GroupChange | null> {
    const conversation = this.conversations.conversations.get(conversationId);
    if (!conversation) throw new NotFoundError('Conversation not found');
    const members = this.conversations.members.get(conversationId) ?? [];
    const ids = [...new Set([...members.map((m) => m.userId), ...namedIds])];
    const usernames = new Map(
      ids.flatMap((id) => (this.users.rows.has(id) ? [[id, this.users.rows.get(id)?.username ?? ''] as const] : [])),
    );
    const plan = decide({
      id: conversationId,
      isGroup: conversation.isGroup,
      title: conversation.title,
      members: members.map(({ userId, role }) => ({ userId, role })),
      usernames,
    });
    if (!plan) return null;
    const next = members.filter((m) => !(plan.remove ?? []).includes(m.userId));
    for (const userId of plan.add ?? []) next.push({ userId, lastReadSeq: conversation.lastSeq, role: 'member', muted: false });
    for (const { userId, role } of plan.roles ?? []) {
      const member = next.find((m) => m.userId === userId);
      if (member) member.role = role;
    }
    this.conversations.members.set(conversationId, next);
    if (plan.title) conversation.title = plan.title.value;
    const appended: Message[] = [];
    for (const record of plan.records) {
      const draft = {
        id: randomUUID(),
        messageId: `system:${randomUUID()}`,
        senderId: record.event.actor_id,
        conversationId,
        content: record.content,
        createdAt: new Date(),
      };
      appended.push(await this.messages.appendIn(null, draft, record.event));
    }
    return { messages: appended, addedIds: plan.add ?? [], removedIds: plan.remove ?? [] };
  }
}
