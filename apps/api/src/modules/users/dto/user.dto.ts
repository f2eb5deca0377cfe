import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Account, User, UsersResponse } from '@pneumatic/contracts';
import type { UserEntity } from '../user.entity';

export class UserDto implements User {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'alice' }) username!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Alice Liddell' }) full_name!: string | null;
  @ApiProperty({ description: 'Deactivated by an administrator: cannot sign in, not in the user list' }) deactivated!: boolean;
  @ApiPropertyOptional({ description: 'In the user list: a device of the user is connected' }) online?: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'In the user list: when last online' })
  last_seen?: string | null;
}

export class UsersResponseDto implements UsersResponse {
  @ApiProperty({ type: [UserDto] }) users!: UserDto[];
}

export class AccountDto extends UserDto implements Account {
  @ApiProperty({ description: 'Named in ADMIN_USERNAMES: may deactivate and reactivate users' }) administrator!: boolean;
}

/** The public face of a user: never the hash. */
export function toUser(entity: UserEntity): User {
  return { id: entity.id, username: entity.username, full_name: entity.fullName, deactivated: Boolean(entity.deactivatedAt) };
}
