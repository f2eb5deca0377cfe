import { InitialSchema1764115200000 } from './1764115200000-initial-schema';

/** Every migration, oldest first. Listed by hand because the API is bundled into one file. */
export const MIGRATIONS = [InitialSchema1764115200000] as const;
