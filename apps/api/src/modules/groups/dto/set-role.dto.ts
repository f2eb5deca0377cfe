import { ApiProperty } from '@nestjs/swagger';
import { MEMBER_ROLES, type MemberRole, type SetRoleRequest } from '@pneumatic/contracts';
import { IsIn } from 'class-validator';

export class SetRoleDto implements SetRoleRequest {
  @ApiProperty({ enum: MEMBER_ROLES, example: 'admin', description: 'An admin manages the group; a member takes part' })
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;
}
