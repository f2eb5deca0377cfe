import { InitialSchema1764115200000 } from './1764115200000-initial-schema';
import { UserLastSeen1764201600000 } from './1764201600000-user-last-seen';
import { ChangeFeed1765000000000 } from './1765000000000-change-feed';
import { SessionsAndAdmins1765100000000 } from './1765100000000-sessions-and-admins';
import { Attachments1765200000000 } from './1765200000000-attachments';
import { GroupRoles1765300000000 } from './1765300000000-group-roles';
import { Reactions1765400000000 } from './1765400000000-reactions';
import { Replies1765450000000 } from './1765450000000-replies';
import { MessageSearch1765500000000 } from './1765500000000-message-search';
import { Mute1765600000000 } from './1765600000000-mute';
import { Mentions1765700000000 } from './1765700000000-mentions';

/** Every migration, oldest first. Listed by hand because the API is bundled into one file. */
export const MIGRATIONS = [
  InitialSchema1764115200000,
  UserLastSeen1764201600000,
  ChangeFeed1765000000000,
  SessionsAndAdmins1765100000000,
  Attachments1765200000000,
  GroupRoles1765300000000,
  Reactions1765400000000,
  Replies1765450000000,
  MessageSearch1765500000000,
  Mute1765600000000,
  Mentions1765700000000,
] as const;
