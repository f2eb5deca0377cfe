import { ApiProperty } from '@nestjs/swagger';
import type { SessionInfo, SessionsResponse } from '@pneumatic/contracts';
import type { SessionEntity } from '../session.entity';

export class SessionDto implements SessionInfo {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time', description: 'When it signed in' }) created_at!: string;
  @ApiProperty({ format: 'date-time', description: 'When it last signed in or renewed its access token' }) last_used_at!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: 255, example: 'Mozilla/5.0 (X11; Linux x86_64) …' })
  user_agent!: string | null;
  @ApiProperty({ description: 'The session this request was made with' }) current!: boolean;
}

export class SessionsResponseDto implements SessionsResponse {
  @ApiProperty({ type: [SessionDto] }) sessions!: SessionDto[];
}

export function toSessionInfo(session: SessionEntity, currentSessionId: string): SessionInfo {
  return {
    id: session.id,
    created_at: session.createdAt.toISOString(),
    last_used_at: session.lastUsedAt.toISOString(),
    user_agent: session.userAgent,
    current: session.id === currentSessionId,
  };
}
