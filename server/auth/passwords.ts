// Password hashing: argon2id with the library's defaults (64 MiB, t=3, p=4), above OWASP's minimum
// (19 MiB, t=2, p=1). Hashes are PHC strings that carry their own parameters and salt.
import argon2 from 'argon2';

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

/** A real hash of no one's password: verifying against it when a username is unknown makes a miss
 *  cost the same time as a wrong password, so response times do not reveal which usernames exist. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  decoy ??= hashPassword('decoy password, never a user');
  return argon2.verify(hash ?? (await decoy), password);
}
