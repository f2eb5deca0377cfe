import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * argon2id at OWASP's current minimum (Password Storage Cheat Sheet): 19 MiB of memory,
 * 2 iterations, 1 lane. Hashes made with other parameters are upgraded at the next login.
 */
export const ARGON2_PARAMS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

/** Passwords are compared in Unicode NFC, so the same password typed on two keyboards matches. */
const canonical = (password: string): string => password.normalize('NFC');

@Injectable()
export class PasswordHasher {
  private dummyHash: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return argon2.hash(canonical(password), ARGON2_PARAMS);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, canonical(password));
    } catch {
      return false;
    }
  }

  /** Spends the same effort as a real verification, for a user who does not exist (no timing oracle). */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= argon2.hash('pneumatic-dummy-password', ARGON2_PARAMS);
    await this.verify(await this.dummyHash, password);
    return false;
  }

  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, ARGON2_PARAMS);
    } catch {
      return true;
    }
  }
}
