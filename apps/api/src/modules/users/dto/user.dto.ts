import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Account, User, UsersResponse } from '@pneumatic/contracts';
import { SignedLinks } from '../../../core/links/signed-links';
import type { UserEntity } from '../user.entity';

export class UserDto implements User {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'alice' }) username!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Alice Liddell' }) full_name!: string | null;
  @ApiProperty({ description: 'Deactivated by an administrator: cannot sign in, not in the user list' }) deactivated!: boolean;
  @ApiPropertyOptional({ description: 'In the user list: a device of the user is connected' }) online?: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'In the user list: when last online' })
  last_seen?: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '/avatars/6f1c2a9e-8d4b-4f0e-9a57-1b2c3d4e5f60?expires=1796389200&signature=FyNJVuFD0LAvV8RpPC2UkgfIVvIIxj75Hj-qNM4jo4c',
    description: 'A signed, expiring link to a 128 × 128 px WebP picture (works in `<img src>` without a token); null without one',
  })
  avatar_url!: string | null;
}

export class UsersResponseDto implements UsersResponse {
  @ApiProperty({ type: [UserDto] }) users!: UserDto[];
}

export class AccountDto extends UserDto implements Account {
  @ApiProperty({ description: 'Named in ADMIN_USERNAMES: may deactivate and reactivate users' }) administrator!: boolean;
}

/** The public face of a user: never the hash. */
export function toUser(entity: UserEntity): User {
  return {
    id: entity.id,
    username: entity.username,
    full_name: entity.fullName,
    deactivated: Boolean(entity.deactivatedAt),
    avatar_url: entity.avatarId ? SignedLinks.current().link('avatar', entity.avatarId) : null,
  };
}
