import { InitialSchema1764115200000 } from './1764115200000-initial-schema';
import { UserLastSeen1764201600000 } from './1764201600000-user-last-seen';
import { ChangeFeed1765000000000 } from './1765000000000-change-feed';
import { SessionsAndAdmins1765100000000 } from './1765100000000-sessions-and-admins';
import { Attachments1765200000000 } from './1765200000000-attachments';

/** Every migration, oldest first. Listed by hand because the API is bundled into one file. */
export const MIGRATIONS = [
  InitialSchema1764115200000,
  UserLastSeen1764201600000,
  ChangeFeed1765000000000,
  SessionsAndAdmins1765100000000,
  Attachments1765200000000,
] as const;
