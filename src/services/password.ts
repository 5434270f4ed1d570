import { hash, verify } from '@node-rs/argon2';

// Argon2id with the library's defaults (19 MiB, 2 passes), as OWASP recommends.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/** A real hash to verify against when the user does not exist, so timing does not reveal usernames. */
export function decoyHash(): Promise<string> {
  decoy ??= hash('decoy-password-for-unknown-users');
  return decoy;
}
